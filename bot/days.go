package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dayNames are the day names and abbreviations people write; anything
// else is refused rather than guessed from its first letters ("fridge" is
// not Friday).
var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "weds": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// daysHelp is how every day-list error ends: what would have been right.
const daysHelp = "use mon, tue, ... sun (or full names), a range such as mon-fri, or daily, weekdays, weekends"

// parseWeekdays reads a day set as users write it: "daily", "weekdays",
// "weekends", "mon-fri", "sat,sun", "mon,wed,fri" or full day names. An
// unknown day or a malformed range is an error that names it.
func parseWeekdays(s string) (Weekdays, error) {
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
		part = strings.TrimSpace(part)
		if part == "" {
			return 0, fmt.Errorf("the day list %s has an empty entry; %s", quote(s), daysHelp)
		}
		ends := strings.Split(part, "-")
		if len(ends) > 2 {
			return 0, fmt.Errorf("%s is not a range: a range is two days such as mon-fri; %s", quote(part), daysHelp)
		}
		var days []time.Weekday
		for _, name := range ends {
			w, ok := dayNames[strings.TrimSpace(name)]
			if !ok {
				return 0, fmt.Errorf("%s is not a day I know; %s", quote(name), daysHelp)
			}
			days = append(days, w)
		}
		if len(days) == 1 {
			d |= 1 << days[0]
			continue
		}
		for w := days[0]; ; w = (w + 1) % 7 {
			d |= 1 << w
			if w == days[1] {
				break
			}
		}
	}
	return d, nil
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

// parseClock reads a local time "HH:MM" (24-hour; "9:05" is accepted).
func parseClock(s string) (hour, minute int, err error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return 0, 0, fmt.Errorf("%s is not a time; use 24-hour HH:MM such as 09:30", quote(s))
	}
	return hour, minute, nil
}
