// Package apiurl checks the base URL that replaces a platform's API, for
// proxies and tests.
package apiurl

import (
	"errors"
	"net/url"
)

// Parse returns raw as an absolute http or https URL. Its error never
// echoes raw: a proxy URL may carry credentials.
func Parse(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("must be an absolute http or https URL")
	}
	return u, nil
}
