package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// imageUser is the user part of the Dockerfile's last USER line.
func imageUser(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^USER\s+(\S+)`).FindAllStringSubmatch(readRepoFile(t, "Dockerfile"), -1)
	if len(m) == 0 {
		t.Fatal("Dockerfile has no USER line")
	}
	user, _, _ := strings.Cut(m[len(m)-1][1], ":")
	return user
}

// TestKubernetesUserIsNumeric checks what the kubelet checks: with
// runAsNonRoot it must see a numeric non-zero uid, from runAsUser or from
// the image's USER, or it refuses to start the container.
func TestKubernetesUserIsNumeric(t *testing.T) {
	type secCtx struct {
		RunAsNonRoot *bool  `yaml:"runAsNonRoot"`
		RunAsUser    *int64 `yaml:"runAsUser"`
	}
	type deployment struct {
		Kind string `yaml:"kind"`
		Spec struct {
			Template struct {
				Spec struct {
					SecurityContext secCtx `yaml:"securityContext"`
					Containers      []struct {
						Name            string `yaml:"name"`
						SecurityContext secCtx `yaml:"securityContext"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	dec := yaml.NewDecoder(bytes.NewReader([]byte(readRepoFile(t, "deploy/kubernetes.yaml"))))
	found := false
	for {
		var d deployment
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if d.Kind != "Deployment" {
			continue
		}
		found = true
		pod := d.Spec.Template.Spec
		for _, c := range pod.Containers {
			nonRoot, uid := pod.SecurityContext.RunAsNonRoot, pod.SecurityContext.RunAsUser
			if c.SecurityContext.RunAsNonRoot != nil {
				nonRoot = c.SecurityContext.RunAsNonRoot
			}
			if c.SecurityContext.RunAsUser != nil {
				uid = c.SecurityContext.RunAsUser
			}
			if nonRoot == nil || !*nonRoot {
				t.Errorf("container %s: runAsNonRoot is not set", c.Name)
				continue
			}
			if uid != nil {
				if *uid == 0 {
					t.Errorf("container %s: runAsUser 0 with runAsNonRoot", c.Name)
				}
				continue
			}
			if n, err := strconv.Atoi(imageUser(t)); err != nil || n == 0 {
				t.Errorf("container %s: runAsNonRoot with image user %q and no runAsUser: the kubelet refuses a non-numeric user", c.Name, imageUser(t))
			}
		}
	}
	if !found {
		t.Fatal("deploy/kubernetes.yaml has no Deployment")
	}
}

func TestDockerfileUserIsNumeric(t *testing.T) {
	if n, err := strconv.Atoi(imageUser(t)); err != nil || n != 65532 {
		t.Errorf("Dockerfile USER %q; want 65532, the uid deploy/image-check runs as", imageUser(t))
	}
}

// TestComposeNeedsSlackSecrets: deploy/config.yaml enables Slack in HTTP
// mode, so compose must refuse to start without its two secrets, as it
// does without the database password, instead of starting replicas that
// fail their config check.
func TestComposeNeedsSlackSecrets(t *testing.T) {
	compose := readRepoFile(t, "deploy/compose.yaml")
	for _, name := range []string{"SDBOT_DB_PASSWORD", "SDBOT_SLACK_BOT_TOKEN", "SDBOT_SLACK_SIGNING_SECRET"} {
		if !strings.Contains(compose, "${"+name+":?") {
			t.Errorf("compose.yaml does not fail fast without %s (want ${%s:?message})", name, name)
		}
	}
}

func TestDockerignore(t *testing.T) {
	lines := map[string]bool{}
	for _, l := range strings.Split(readRepoFile(t, ".dockerignore"), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{".git", "data/", "/sdbot"} {
		if !lines[want] {
			t.Errorf(".dockerignore does not exclude %s", want)
		}
	}
}

// TestDockerfileStampsVersion: the image's `sdbot version` names the
// build argument, and deploy/image-check can still read the build line.
func TestDockerfileStampsVersion(t *testing.T) {
	df := readRepoFile(t, "Dockerfile")
	build := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build .*) \\$`).FindStringSubmatch(df)
	if build == nil {
		t.Fatal("no `RUN CGO_ENABLED=0 go build ... \\` line for deploy/image-check")
	}
	if !strings.Contains(build[1], "-X main.version=${VERSION}") || !strings.Contains(df, "ARG VERSION") {
		t.Errorf("build line %q does not stamp the VERSION build argument", build[1])
	}
}
