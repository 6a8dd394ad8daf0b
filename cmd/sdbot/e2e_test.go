package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fakeSlack records chat.postMessage calls.
type fakeSlack struct {
	mu    sync.Mutex
	posts []time.Time
	texts []string
}

func (f *fakeSlack) handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
		r.ParseForm()
		f.mu.Lock()
		f.posts = append(f.posts, time.Now())
		f.texts = append(f.texts, r.Form.Get("blocks"))
		n := len(f.posts)
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"channel":"C1","ts":"1700000000.%06d"}`, n)
		return
	}
	if strings.HasSuffix(r.URL.Path, "/conversations.info") {
		// A public channel the bot was invited to, as Slack describes it.
		io.WriteString(w, `{"ok":true,"channel":{"id":"C1","name":"general","is_channel":true,"is_private":false,"is_member":true}}`)
		return
	}
	io.WriteString(w, `{"ok":true}`)
}

func (f *fakeSlack) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.posts)
}

// replica is one `sdbot serve` process.
type replica struct {
	cmd  *exec.Cmd
	addr string
}

func startReplica(t *testing.T, bin, config string, env []string) *replica {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--config", config)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrs := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var rec map[string]any
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec["msg"] == "listening" {
				addrs <- rec["addr"].(string)
			}
			if testing.Verbose() {
				t.Log(sc.Text())
			}
		}
	}()
	r := &replica{cmd: cmd}
	t.Cleanup(func() { r.stop(t) })
	select {
	case r.addr = <-addrs:
	case <-time.After(60 * time.Second):
		t.Fatal("replica never listened")
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + r.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("replica never became ready")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *replica) stop(t *testing.T) {
	if r.cmd.ProcessState != nil {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("replica exited with %v; want a clean shutdown", err)
		}
	case <-time.After(20 * time.Second):
		r.cmd.Process.Kill()
		t.Error("replica did not stop on SIGTERM")
	}
}

func signedSlack(t *testing.T, secret, addr, path string, form url.Values) *http.Response {
	t.Helper()
	resp, err := http.DefaultClient.Do(signSlackWith(secret, addr, path, form).request())
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestTwoReplicasPostOnce runs two `sdbot serve` processes on one data
// directory with Slack pointed at a local fake. A channel subscribes for
// the next minute; exactly one message is posted, at that minute, and a
// restart posts nothing more.
func TestTwoReplicasPostOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test waits for a real minute")
	}
	bin := filepath.Join(t.TempDir(), "sdbot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build sdbot: %v\n%s", err, out)
	}
	fake := &fakeSlack{}
	api := httptest.NewServer(http.HandlerFunc(fake.handler))
	defer api.Close()
	dir := t.TempDir()
	config := filepath.Join(dir, "config.yaml")
	os.WriteFile(config, []byte(fmt.Sprintf(`http: {addr: "127.0.0.1:0"}
data_dir: %q
slack: {enabled: true, mode: http, api_url: %q, managers: [U1]}
schedule: {reload: 1s}
`, filepath.Join(dir, "data"), api.URL+"/api/")), 0o600)
	const secret = "e2e-signing-secret"
	env := []string{"SDBOT_SLACK_BOT_TOKEN=xoxb-e2e", "SDBOT_SLACK_SIGNING_SECRET=" + secret, "SDBOT_CONFIG="}

	a := startReplica(t, bin, config, env)
	b := startReplica(t, bin, config, env)

	// The next minute at least 8 seconds away, in UTC.
	at := time.Now().UTC().Add(8 * time.Second).Truncate(time.Minute).Add(time.Minute)
	resp := signedSlack(t, secret, a.addr, "/slack/commands", url.Values{
		"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "user_name": {"ann"}, "command": {"/sd"},
		"text": {"subscribe time:" + at.Format("15:04") + " tz:UTC"}, "response_url": {api.URL + "/response"},
	})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Subscribed") {
		t.Fatalf("subscribe = %d %s", resp.StatusCode, body)
	}

	time.Sleep(time.Until(at.Add(6 * time.Second)))
	if n := fake.count(); n != 1 {
		t.Fatalf("%d posts from two replicas; want exactly 1", n)
	}
	fake.mu.Lock()
	when, blocks := fake.posts[0], fake.texts[0]
	fake.mu.Unlock()
	if when.Before(at) || when.After(at.Add(5*time.Second)) {
		t.Errorf("posted at %v; want within seconds after %v", when, at)
	}
	if !strings.Contains(blocks, "Topic of the day") {
		t.Errorf("post blocks = %.300s", blocks)
	}

	a.stop(t)
	b.stop(t)
	startReplica(t, bin, config, env)
	time.Sleep(3 * time.Second) // catch-up and a few reloads
	if n := fake.count(); n != 1 {
		t.Errorf("%d posts after a restart; want still 1", n)
	}
}
