package main

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// decodeConfig applies a YAML file to cfg key by key, so one pass finds
// every problem and names each by its full key: unknown keys (with the key
// probably meant), values of the wrong type and durations that do not
// parse. It never quotes a value back: a secret pasted under the wrong key
// must not end up on a terminal or in a log.
func decodeConfig(data []byte, cfg *Config) []error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []error{fmt.Errorf("not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(doc.Content) == 0 {
		return nil // an empty file means all defaults
	}
	d := configDecoder{keys: configKeys(reflect.TypeOf(*cfg), "")}
	d.walk(doc.Content[0], reflect.ValueOf(cfg).Elem(), "")
	return d.errs
}

type configDecoder struct {
	keys []string // every full key the file may set, for suggestions
	errs []error
}

var (
	durationType = reflect.TypeOf(Duration(0))
	unmarshaler  = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()
)

func (d *configDecoder) bad(key string, line int, format string, a ...any) {
	d.errs = append(d.errs, &ConfigError{Key: key, Reason: fmt.Sprintf(format, a...), Line: line})
}

// walk decodes node onto v, the field at key ("" for the whole file).
func (d *configDecoder) walk(node *yaml.Node, v reflect.Value, key string) {
	if node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	if v.Kind() != reflect.Struct || reflect.PointerTo(v.Type()).Implements(unmarshaler) {
		if err := node.Decode(v.Addr().Interface()); err != nil {
			d.bad(key, node.Line, "%s", expected(v.Type()))
		}
		return
	}
	if node.Kind == yaml.ScalarNode && node.Tag == "!!null" {
		return // "slack:" with nothing under it keeps the defaults
	}
	if node.Kind != yaml.MappingNode {
		name := key
		if name == "" {
			name = "the file"
		}
		d.bad(name, node.Line, "must hold keys (key: value), such as %s", example(v.Type(), key))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, val := node.Content[i], node.Content[i+1]
		if k.Value == "<<" && k.Tag == "!!merge" { // YAML merge of an anchored mapping
			for _, m := range mergeSources(val) {
				d.walk(m, v, key)
			}
			continue
		}
		full := joinKey(key, k.Value)
		if line, dup := seen[k.Value]; dup {
			d.bad(full, k.Line, "is set again; the first is on line %d", line)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fieldByTag(v.Type(), k.Value)
		if !ok {
			d.bad(full, k.Line, "%s", d.unknown(key, k.Value, v.Type()))
			continue
		}
		d.walk(val, v.FieldByIndex(f.Index), full)
	}
}

func mergeSources(n *yaml.Node) []*yaml.Node {
	if n.Kind == yaml.SequenceNode {
		return n.Content
	}
	return []*yaml.Node{n}
}

// unknown explains an unknown key: the same name where it belongs
// ("grace" at the top is schedule.grace), else the sibling it is probably
// a typo of, else a similar name elsewhere.
func (d *configDecoder) unknown(parent, name string, t reflect.Type) string {
	var siblings []string
	for i := range t.NumField() {
		if tag := yamlName(t.Field(i)); tag != "" {
			siblings = append(siblings, tag)
		}
	}
	var exact, near []string
	for _, k := range d.keys {
		leaf := k[strings.LastIndex(k, ".")+1:]
		if k == joinKey(parent, leaf) {
			continue // a sibling: judged below
		}
		switch {
		case strings.EqualFold(leaf, name):
			exact = append(exact, k)
		case len(closest(name, []string{leaf})) > 0:
			near = append(near, k)
		}
	}
	guess := exact
	if len(guess) == 0 {
		for _, s := range closest(name, siblings) {
			guess = append(guess, joinKey(parent, s))
		}
	}
	if len(guess) == 0 {
		guess = near
	}
	if len(guess) == 0 {
		return "unknown key (config.example.yaml lists every key)"
	}
	return "unknown key; did you mean " + orList(guess) + "?"
}

// expected says what a value of type t looks like, without the value.
func expected(t reflect.Type) string {
	switch {
	case t == durationType:
		return "must be a duration such as 90s, 30m or 6h"
	case t.Kind() == reflect.Bool:
		return "must be true or false"
	case t.Kind() == reflect.Int:
		return "must be a whole number"
	case t.Kind() == reflect.String:
		return "must be a single value, not a list or keys"
	case t.Kind() == reflect.Slice:
		return "must be a list, such as [a, b]"
	}
	return "has the wrong type"
}

// example shows the keys a mapping takes, for a section written as a
// single value or a list.
func example(t reflect.Type, key string) string {
	var keys []string
	for i := range t.NumField() {
		if tag := yamlName(t.Field(i)); tag != "" {
			keys = append(keys, tag)
		}
	}
	if key == "" {
		return strings.Join(keys, ", ")
	}
	return key + ": {" + keys[0] + ": ...}"
}

// configKeys lists every full key under t: "http.addr", "slack.enabled"...
func configKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name := yamlName(f)
		if name == "" {
			continue
		}
		full := joinKey(prefix, name)
		if f.Type.Kind() == reflect.Struct && !reflect.PointerTo(f.Type).Implements(unmarshaler) {
			keys = append(keys, configKeys(f.Type, full)...)
			continue
		}
		keys = append(keys, full)
	}
	return keys
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); yamlName(f) == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func joinKey(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}
