//! The report's time range: `--since`, `--period`, `--start`/`--end`, in UTC, turned into Cost
//! Explorer's half-open interval. Pure: "today" is an argument, so every rule is unit-tested.
//!
//! The user's end date is inclusive (`--end 2026-11-30` includes the 30th); Cost Explorer's
//! `TimePeriod.End` is exclusive, so the request carries the day after.
//! Limits (<https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html>):
//! daily and monthly data go back 13 months plus the current month (up to 38 with multi-year data,
//! which is opt-in and not assumed); hourly data is opt-in and covers the last 14 days.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::aws::costexplorer::Granularity;
use crate::error::{Error, Result};

/// How far back hourly data goes.
pub const HOURLY_DAYS: i64 = 14;
/// How many whole months before the current one daily and monthly data go back.
pub const HISTORY_MONTHS: i64 = 13;

/// A closed range of UTC days, `start..=end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DateRange {
    pub start: Date,
    /// Inclusive.
    pub end: Date,
}

/// How the user asked for the range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RangeInput {
    pub since: Option<String>,
    pub period: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
}

impl DateRange {
    /// The number of days in the range.
    pub fn days(&self) -> i64 {
        (self.end - self.start).get_days() as i64 + 1
    }

    /// Cost Explorer's `(Start, End)`: dates for daily and monthly data, timestamps for hourly; End is
    /// exclusive, the day after the user's inclusive end.
    pub fn to_request(&self, granularity: Granularity) -> Result<(String, String)> {
        let end = self
            .end
            .checked_add(1.day())
            .map_err(|e| Error::usage(format!("end date {} is out of range: {e}", self.end)))?;
        Ok(match granularity {
            Granularity::Hourly => (format!("{}T00:00:00Z", self.start), format!("{end}T00:00:00Z")),
            Granularity::Daily | Granularity::Monthly => (self.start.to_string(), end.to_string()),
        })
    }
}

/// Resolves the range from the flags (at most one way of giving it), given today's UTC date.
/// `default_days` applies when no flag is given.
pub fn resolve(input: &RangeInput, today: Date, default_days: i64) -> Result<DateRange> {
    let explicit = input.start.is_some() || input.end.is_some();
    let ways = [input.since.is_some(), input.period.is_some(), explicit]
        .iter()
        .filter(|b| **b)
        .count();
    if ways > 1 {
        return Err(Error::usage(
            "give the time range one way: --since, --period, or --start/--end",
        ));
    }
    let range = if let Some(since) = &input.since {
        since_range(since, today)?
    } else if let Some(period) = &input.period {
        period_range(period, today)?
    } else if explicit {
        let start = match &input.start {
            Some(s) => parse_date("--start", s)?,
            None => {
                return Err(Error::usage(
                    "--end needs --start, e.g. --start 2026-11-01 --end 2026-11-30",
                ));
            }
        };
        let end = match &input.end {
            Some(e) => parse_date("--end", e)?,
            None => today,
        };
        DateRange { start, end }
    } else {
        DateRange {
            start: days_back(today, default_days)?,
            end: today,
        }
    };
    if range.end < range.start {
        return Err(Error::usage(format!(
            "the end date {} is before the start date {}; swap them",
            range.end, range.start
        )));
    }
    if range.start > today {
        return Err(Error::usage(format!(
            "the start date {} is in the future (today is {today} UTC); Cost Explorer has no data yet",
            range.start
        )));
    }
    if range.end > today {
        return Err(Error::usage(format!(
            "the end date {} is in the future (today is {today} UTC); end at {today} or earlier",
            range.end
        )));
    }
    Ok(range)
}

/// Checks the range against what Cost Explorer keeps for `granularity`.
pub fn check_history(range: &DateRange, granularity: Granularity, today: Date) -> Result<()> {
    match granularity {
        Granularity::Hourly => {
            let earliest = days_back(today, HOURLY_DAYS)?;
            if range.start < earliest {
                return Err(Error::usage(format!(
                    "hourly data covers the last {HOURLY_DAYS} days (from {earliest}); start later or use \
                     --granularity daily"
                )));
            }
        }
        Granularity::Daily | Granularity::Monthly => {
            let earliest = today
                .first_of_month()
                .checked_sub(HISTORY_MONTHS.months())
                .map_err(|e| Error::usage(format!("date arithmetic: {e}")))?;
            if range.start < earliest {
                return Err(Error::usage(format!(
                    "Cost Explorer keeps {HISTORY_MONTHS} months plus the current one (from {earliest}); \
                     start at {earliest} or later"
                )));
            }
        }
    }
    Ok(())
}

/// The `n` days ending today: `today - (n - 1) ..= today`.
fn days_back(today: Date, n: i64) -> Result<Date> {
    today
        .checked_sub((n - 1).days())
        .map_err(|e| Error::usage(format!("{n} days back from {today} is out of range: {e}")))
}

fn since_range(text: &str, today: Date) -> Result<DateRange> {
    let hint = "use a number of days or weeks such as 7d, 30d or 2w, or a date such as 2026-11-01";
    let trimmed = text.trim();
    if let Ok(date) = trimmed.parse::<Date>() {
        return Ok(DateRange {
            start: date,
            end: today,
        });
    }
    let (number, unit) = trimmed.split_at(trimmed.len().saturating_sub(1));
    let n: i64 = number
        .parse()
        .map_err(|_| Error::usage(format!("--since `{text}` is not a duration; {hint}")))?;
    let days = match unit {
        "d" => n,
        "w" => n.saturating_mul(7),
        _ => {
            return Err(Error::usage(format!(
                "--since `{text}` is not a duration; {hint}"
            )));
        }
    };
    if !(1..=1200).contains(&days) {
        return Err(Error::usage(format!(
            "--since `{text}` must be between 1d and 1200d; {hint}"
        )));
    }
    Ok(DateRange {
        start: days_back(today, days)?,
        end: today,
    })
}

fn period_range(text: &str, today: Date) -> Result<DateRange> {
    match text.trim() {
        "this-month" | "mtd" => Ok(DateRange {
            start: today.first_of_month(),
            end: today,
        }),
        "last-month" => {
            let end = today
                .first_of_month()
                .checked_sub(1.day())
                .map_err(|e| Error::usage(format!("date arithmetic: {e}")))?;
            Ok(DateRange {
                start: end.first_of_month(),
                end,
            })
        }
        other => {
            let month = other
                .split_once('-')
                .filter(|(y, m)| y.len() == 4 && m.len() == 2)
                .and_then(|(y, m)| Some((y.parse::<i16>().ok()?, m.parse::<i8>().ok()?)))
                .and_then(|(y, m)| Date::new(y, m, 1).ok());
            let Some(start) = month else {
                return Err(Error::usage(format!(
                    "--period `{other}` is not a period; use this-month, mtd, last-month or a month such as \
                     2026-11"
                )));
            };
            // A month in full, or up to today when it is the current one.
            let end = start.last_of_month().min(today);
            Ok(DateRange { start, end })
        }
    }
}

fn parse_date(flag: &str, text: &str) -> Result<Date> {
    text.trim().parse::<Date>().map_err(|_| {
        Error::usage(format!(
            "{flag} `{text}` is not a date; use YYYY-MM-DD (UTC), e.g. 2026-11-01"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 23);

    #[test]
    fn a_period_can_be_a_calendar_month() {
        let month = |p: &str| {
            resolve(
                &RangeInput {
                    period: Some(p.into()),
                    ..RangeInput::default()
                },
                TODAY,
                7,
            )
        };
        assert_eq!(
            month("2026-10").expect("october"),
            DateRange {
                start: date(2026, 10, 1),
                end: date(2026, 10, 31)
            }
        );
        assert_eq!(
            month("2026-11").expect("this month").end,
            TODAY,
            "the current month ends today"
        );
        assert!(month("2026-12").is_err(), "a future month");
        assert!(month("2026-13").is_err());
        assert!(month("26-11").is_err());
    }

    fn since(s: &str) -> Result<DateRange> {
        resolve(
            &RangeInput {
                since: Some(s.into()),
                ..RangeInput::default()
            },
            TODAY,
            7,
        )
    }

    fn explicit(start: Option<&str>, end: Option<&str>) -> Result<DateRange> {
        resolve(
            &RangeInput {
                start: start.map(Into::into),
                end: end.map(Into::into),
                ..RangeInput::default()
            },
            TODAY,
            7,
        )
    }

    #[test]
    fn since_counts_today_as_one_of_the_days() {
        let r = since("7d").expect("7d");
        assert_eq!((r.start, r.end), (date(2026, 11, 17), TODAY));
        assert_eq!(r.days(), 7);
        assert_eq!(since("2w").expect("2w").days(), 14);
        assert_eq!(since("2026-11-01").expect("date").start, date(2026, 11, 1));
    }

    #[test]
    fn bad_since_values_say_what_to_write() {
        for bad in ["banana", "7", "d", "0d", "-3d", "7x", "99999d"] {
            let err = since(bad).unwrap_err();
            assert!(err.to_string().contains("--since"), "{bad}: {err}");
        }
    }

    #[test]
    fn periods_cover_whole_months_up_to_today() {
        let p = |s: &str| {
            resolve(
                &RangeInput {
                    period: Some(s.into()),
                    ..RangeInput::default()
                },
                TODAY,
                7,
            )
        };
        assert_eq!(p("mtd").expect("mtd").start, date(2026, 11, 1));
        assert_eq!(p("this-month").expect("this").end, TODAY);
        let last = p("last-month").expect("last");
        assert_eq!((last.start, last.end), (date(2026, 10, 1), date(2026, 10, 31)));
        assert!(p("last-year").is_err());
    }

    #[test]
    fn the_inclusive_end_becomes_an_exclusive_end() {
        let r = explicit(Some("2026-10-01"), Some("2026-10-31")).expect("range");
        assert_eq!(
            r.to_request(Granularity::Daily).expect("request"),
            ("2026-10-01".into(), "2026-11-01".into())
        );
        assert_eq!(
            r.to_request(Granularity::Hourly).expect("request"),
            ("2026-10-01T00:00:00Z".into(), "2026-11-01T00:00:00Z".into())
        );
        let open = explicit(Some("2026-11-20"), None).expect("open end");
        assert_eq!(open.end, TODAY);
    }

    #[test]
    fn reversed_future_and_mixed_ranges_are_rejected() {
        let err = explicit(Some("2026-11-10"), Some("2026-11-01")).unwrap_err();
        assert!(err.to_string().contains("before the start"), "{err}");
        assert!(explicit(Some("2026-12-01"), None).is_err());
        assert!(explicit(Some("2026-11-01"), Some("2026-11-30")).is_err());
        assert!(explicit(None, Some("2026-11-01")).is_err());
        assert!(explicit(Some("2026-13-01"), None).is_err());
        let mixed = resolve(
            &RangeInput {
                since: Some("7d".into()),
                start: Some("2026-11-01".into()),
                ..RangeInput::default()
            },
            TODAY,
            7,
        );
        assert!(mixed.is_err());
    }

    #[test]
    fn history_limits_depend_on_granularity() {
        let r = |s: &str| explicit(Some(s), None).expect("range");
        assert!(check_history(&r("2026-11-10"), Granularity::Hourly, TODAY).is_ok());
        let err = check_history(&r("2026-11-09"), Granularity::Hourly, TODAY).unwrap_err();
        assert!(err.to_string().contains("14 days"), "{err}");
        assert!(check_history(&r("2025-10-01"), Granularity::Daily, TODAY).is_ok());
        assert!(check_history(&r("2025-09-30"), Granularity::Monthly, TODAY).is_err());
    }
}
