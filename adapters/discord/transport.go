package discord

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// redirect sends discordgo's REST calls to another API base. discordgo
// builds every URL from its package-level Endpoint variables; changing
// those would redirect every session in the process, so the adapter
// rewrites its own requests on the way out instead.
type redirect struct {
	base *url.URL // nil: no rewriting
	next http.RoundTripper
}

func (t *redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.base == nil {
		return t.next.RoundTrip(req)
	}
	rest, ok := strings.CutPrefix(req.URL.String(), discordgo.EndpointAPI)
	if !ok {
		return t.next.RoundTrip(req)
	}
	u, err := t.base.Parse(strings.TrimSuffix(t.base.Path, "/") + "/" + rest)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	out := req.Clone(req.Context())
	out.URL = u
	out.Host = u.Host
	return t.next.RoundTrip(out)
}
