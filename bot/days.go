package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseWeekdays reads a day set as users write it: "daily", "weekdays",
// "weekends", "mon-fri", "sat,sun", "mon,wed,fri" or full day names.
func ParseWeekdays(s string) (Weekdays, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "daily", "everyday", "every-day", "all", "*":
		return EveryDay, nil
	case "weekdays", "workdays":
		return Weekdays5, nil
	case "weekends", "weekend":
		return Weekend, nil
	}
	var d Weekdays
	for _, part := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, ok := dayNames[short(from)]
		if !ok {
			return 0, fmt.Errorf("%q is not a day; use mon, tue, ... sun, or mon-fri, weekends, daily", from)
		}
		if !isRange {
			d |= 1 << a
			continue
		}
		b, ok := dayNames[short(to)]
		if !ok {
			return 0, fmt.Errorf("%q is not a day; use mon, tue, ... sun, or mon-fri, weekends, daily", to)
		}
		for w := a; ; w = (w + 1) % 7 {
			d |= 1 << w
			if w == b {
				break
			}
		}
	}
	return d, nil
}

func short(day string) string {
	day = strings.TrimSpace(day)
	if len(day) > 3 {
		return day[:3]
	}
	return day
}

// String writes the set compactly: "daily", "mon-fri", "sat,sun", "mon,wed".
func (d Weekdays) String() string {
	switch d & EveryDay {
	case EveryDay:
		return "daily"
	case Weekdays5:
		return "mon-fri"
	case 0:
		return "never"
	}
	var out []string
	for _, w := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		if d.Has(w) {
			out = append(out, strings.ToLower(w.String()[:3]))
		}
	}
	return strings.Join(out, ",")
}

// cronDays is the day-of-week field of a cron spec.
func (d Weekdays) cronDays() string {
	if d&EveryDay == EveryDay {
		return "*"
	}
	var out []string
	for w := time.Sunday; w <= time.Saturday; w++ {
		if d.Has(w) {
			out = append(out, strconv.Itoa(int(w)))
		}
	}
	return strings.Join(out, ",")
}

// ParseClock reads a local time "HH:MM" (24-hour; "9:05" is accepted).
func ParseClock(s string) (hour, minute int, err error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return 0, 0, fmt.Errorf("%q is not a time; use 24-hour HH:MM such as 09:30", s)
	}
	return hour, minute, nil
}
