//! Fault injection for the simulated cluster (`kview simulate --faults ...`): dropped watches,
//! 410 Gone storms, random 500s and slow responses, so clients can be tested against a flaky
//! server, or one that disappears for a while. Parsing and the periodic faults live here; the API layer asks `should_fail`/`delay`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Which faults to inject. The default injects none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultPlan {
    /// End every open watch this often.
    pub drop_watch_every: Option<Duration>,
    /// Forget the change history and end every watch this often (clients get 410 Gone).
    pub gone_every: Option<Duration>,
    /// Fraction of resource requests answered 500.
    pub error_rate: f64,
    /// Added latency before every resource request.
    pub slow: Duration,
    /// Disappear this often (listener and connections closed), for `outage_for` each time.
    pub outage_every: Option<Duration>,
    /// How long each outage lasts (default 5s).
    pub outage_for: Option<Duration>,
}

fn duration(key: &str, v: &str) -> Result<Duration, String> {
    let (num, unit) = v
        .find(|c: char| !c.is_ascii_digit())
        .map_or((v, "s"), |i| v.split_at(i));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{key}: expected a duration like 10s or 500ms, got {v:?}"))?;
    match unit {
        "ms" => Ok(Duration::from_millis(n)),
        "s" => Ok(Duration::from_secs(n)),
        "m" => Ok(Duration::from_secs(n * 60)),
        _ => Err(format!(
            "{key}: unknown unit {unit:?} in {v:?} (use ms, s or m)"
        )),
    }
}

impl FaultPlan {
    /// Parses `drop_watch_every=10s,gone_every=30s,error_rate=0.05,slow_ms=200`, and
    /// `outage_every=60s,outage_for=5s`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut plan = FaultPlan::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("fault {part:?}: expected key=value"))?;
            match key {
                "drop_watch_every" => plan.drop_watch_every = Some(duration(key, value)?),
                "gone_every" => plan.gone_every = Some(duration(key, value)?),
                "outage_every" => plan.outage_every = Some(duration(key, value)?),
                "outage_for" => plan.outage_for = Some(duration(key, value)?),
                "error_rate" => {
                    let rate: f64 = value.parse().map_err(|_| {
                        format!("error_rate: expected a number between 0 and 1, got {value:?}")
                    })?;
                    if !(0.0..=1.0).contains(&rate) {
                        return Err(format!("error_rate: {rate} is not between 0 and 1"));
                    }
                    plan.error_rate = rate;
                }
                "slow_ms" => {
                    plan.slow =
                        Duration::from_millis(value.parse().map_err(|_| {
                            format!("slow_ms: expected milliseconds, got {value:?}")
                        })?);
                }
                other => {
                    return Err(format!(
                        "unknown fault {other:?} (known: drop_watch_every, gone_every, error_rate, slow_ms, outage_every, outage_for)"
                    ));
                }
            }
        }
        Ok(plan)
    }
}

/// Decides, request by request, whether to fail (deterministic sequence, no shared RNG lock).
#[derive(Debug, Default)]
pub struct FaultDice {
    counter: AtomicU64,
}

impl FaultDice {
    pub fn roll(&self, rate: f64) -> bool {
        if rate <= 0.0 {
            return false;
        }
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let h = super::rng::Rng::new(n).next_u64();
        ((h >> 11) as f64 / (1u64 << 53) as f64) < rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_fault() {
        let plan =
            FaultPlan::parse("drop_watch_every=10s,gone_every=2m,error_rate=0.05,slow_ms=200")
                .unwrap();
        assert_eq!(plan.drop_watch_every, Some(Duration::from_secs(10)));
        assert_eq!(plan.gone_every, Some(Duration::from_secs(120)));
        assert!((plan.error_rate - 0.05).abs() < 1e-9);
        assert_eq!(plan.slow, Duration::from_millis(200));
        assert_eq!(FaultPlan::parse("").unwrap(), FaultPlan::default());
        let outage = FaultPlan::parse("outage_every=1m,outage_for=500ms").unwrap();
        assert_eq!(outage.outage_every, Some(Duration::from_secs(60)));
        assert_eq!(outage.outage_for, Some(Duration::from_millis(500)));
    }

    #[test]
    fn bad_faults_say_what_is_wrong() {
        assert!(
            FaultPlan::parse("explode=1")
                .unwrap_err()
                .contains("unknown fault \"explode\"")
        );
        assert!(
            FaultPlan::parse("error_rate=2")
                .unwrap_err()
                .contains("not between 0 and 1")
        );
        assert!(
            FaultPlan::parse("gone_every=10h")
                .unwrap_err()
                .contains("unknown unit")
        );
        assert!(
            FaultPlan::parse("slow_ms")
                .unwrap_err()
                .contains("key=value")
        );
    }

    #[test]
    fn dice_follow_the_rate() {
        let dice = FaultDice::default();
        let fails = (0..10_000).filter(|_| dice.roll(0.1)).count();
        assert!((800..1200).contains(&fails), "{fails}");
        assert!(!(0..100).any(|_| dice.roll(0.0)));
    }
}
