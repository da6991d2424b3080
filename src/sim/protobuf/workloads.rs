//! Schemas of the workload kinds: `Deployment` (apps/v1), `Job` and `CronJob` (batch/v1).
//!
//! Schema data only; it must not decode.

use super::meta::{LABEL_SELECTOR, OBJECT_META, OBJECT_REFERENCE};
use super::pod::POD_TEMPLATE_SPEC;
use super::{F, f, r};
use crate::sim::protobuf::Pres::{Always as A, Null as N, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{Bool, I32, I64, IntStr, Msg, Str, Time};

// --- apps/v1

pub(super) const DEPLOYMENT: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(DEPLOYMENT_SPEC), A),
    f(3, "status", Msg(DEPLOYMENT_STATUS), A),
];

const DEPLOYMENT_SPEC: &[F] = &[
    f(1, "replicas", I32, P),
    f(2, "selector", Msg(LABEL_SELECTOR), N),
    f(3, "template", Msg(POD_TEMPLATE_SPEC), A),
    f(
        4,
        "strategy",
        Msg(&[
            f(1, "type", Str, O),
            f(
                2,
                "rollingUpdate",
                Msg(&[
                    f(1, "maxUnavailable", IntStr, P),
                    f(2, "maxSurge", IntStr, P),
                ]),
                P,
            ),
        ]),
        A,
    ),
    f(5, "minReadySeconds", I32, O),
    f(6, "revisionHistoryLimit", I32, P),
    f(7, "paused", Bool, O),
    f(9, "progressDeadlineSeconds", I32, P),
];

const DEPLOYMENT_STATUS: &[F] = &[
    f(1, "observedGeneration", I64, O),
    f(2, "replicas", I32, O),
    f(3, "updatedReplicas", I32, O),
    f(7, "readyReplicas", I32, O),
    f(4, "availableReplicas", I32, O),
    f(5, "unavailableReplicas", I32, O),
    f(9, "terminatingReplicas", I32, P),
    f(8, "collisionCount", I32, P),
];

// --- batch/v1

pub(super) const JOB: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(JOB_SPEC), A),
    f(3, "status", Msg(JOB_STATUS), A),
];

const JOB_SPEC: &[F] = &[
    f(1, "parallelism", I32, P),
    f(2, "completions", I32, P),
    f(3, "activeDeadlineSeconds", I64, P),
    f(
        11,
        "podFailurePolicy",
        Msg(&[r(1, "rules", Msg(POD_FAILURE_POLICY_RULE), A)]),
        P,
    ),
    f(
        16,
        "successPolicy",
        Msg(&[r(
            1,
            "rules",
            Msg(&[
                f(1, "succeededIndexes", Str, P),
                f(2, "succeededCount", I32, P),
            ]),
            A,
        )]),
        P,
    ),
    f(7, "backoffLimit", I32, P),
    f(12, "backoffLimitPerIndex", I32, P),
    f(13, "maxFailedIndexes", I32, P),
    f(4, "selector", Msg(LABEL_SELECTOR), P),
    f(5, "manualSelector", Bool, P),
    f(6, "template", Msg(POD_TEMPLATE_SPEC), A),
    f(8, "ttlSecondsAfterFinished", I32, P),
    f(9, "completionMode", Str, P),
    f(10, "suspend", Bool, P),
    f(14, "podReplacementPolicy", Str, P),
    f(15, "managedBy", Str, P),
];

const POD_FAILURE_POLICY_RULE: &[F] = &[
    f(1, "action", Str, A),
    f(
        2,
        "onExitCodes",
        Msg(&[
            f(1, "containerName", Str, P),
            f(2, "operator", Str, A),
            r(3, "values", I32, A),
        ]),
        P,
    ),
    r(
        3,
        "onPodConditions",
        Msg(&[f(1, "type", Str, A), f(2, "status", Str, A)]),
        O,
    ),
];

const JOB_STATUS: &[F] = &[
    f(2, "startTime", Time, P),
    f(3, "completionTime", Time, P),
    f(4, "active", I32, O),
    f(5, "succeeded", I32, O),
    f(6, "failed", I32, O),
    f(11, "terminating", I32, P),
    f(7, "completedIndexes", Str, O),
    f(10, "failedIndexes", Str, P),
    f(
        8,
        "uncountedTerminatedPods",
        Msg(&[r(1, "succeeded", Str, O), r(2, "failed", Str, O)]),
        P,
    ),
    f(9, "ready", I32, P),
];

pub(super) const CRON_JOB: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(CRON_JOB_SPEC), A),
    f(
        3,
        "status",
        Msg(&[
            r(1, "active", Msg(OBJECT_REFERENCE), O),
            f(4, "lastScheduleTime", Time, P),
            f(5, "lastSuccessfulTime", Time, P),
        ]),
        A,
    ),
];

const CRON_JOB_SPEC: &[F] = &[
    f(1, "schedule", Str, A),
    f(8, "timeZone", Str, P),
    f(2, "startingDeadlineSeconds", I64, P),
    f(3, "concurrencyPolicy", Str, O),
    f(4, "suspend", Bool, P),
    f(
        5,
        "jobTemplate",
        Msg(&[
            f(1, "metadata", Msg(OBJECT_META), A),
            f(2, "spec", Msg(JOB_SPEC), A),
        ]),
        A,
    ),
    f(6, "successfulJobsHistoryLimit", I32, P),
    f(7, "failedJobsHistoryLimit", I32, P),
];
