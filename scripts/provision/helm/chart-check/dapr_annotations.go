package main

import (
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/dapr/dapr/pkg/injector/patcher"
)

// Dapr's sidecar injector reads a pod's dapr.io/* annotations into
// patcher.SidecarConfig by the fields' `annotation` tags. A key it does not
// know, or a number it cannot parse, it ignores without a word; chart-check
// reports both.

// daprAnnotations maps each annotation the injector reads to its field's kind.
var daprAnnotations = func() map[string]reflect.Kind {
	known := map[string]reflect.Kind{}
	t := reflect.TypeOf(patcher.SidecarConfig{})
	for i := range t.NumField() {
		f := t.Field(i)
		key := f.Tag.Get("annotation")
		if key == "" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		known[key] = ft.Kind()
	}
	return known
}()

func (c *checker) checkDaprAnnotations(who, field string, annotations map[string]string) {
	keys := make([]string, 0, len(annotations))
	for key := range annotations {
		if strings.HasPrefix(key, "dapr.io/") {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		value := annotations[key]
		kind, known := daprAnnotations[key]
		if !known {
			c.addf(who, "%s.metadata.annotations: %q is not an annotation Dapr's sidecar injector reads (it would be ignored)", field, key)
			continue
		}
		var err error
		switch kind {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			_, err = strconv.ParseInt(value, 10, 64)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			_, err = strconv.ParseUint(value, 10, 64)
		}
		if err != nil {
			c.addf(who, "%s.metadata.annotations[%q]: %q is not a whole number (Dapr would ignore it)", field, key, value)
		}
	}
}
