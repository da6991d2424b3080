//! Schemas of the core/v1 `Pod`: template, spec, containers (with env, ports, mounts,
//! probes, lifecycle and security contexts) and status.
//!
//! Schema data only; it must not decode. Scheduling and volumes have their own files.

use super::meta::{LOCAL_OBJECT_REFERENCE, OBJECT_META, RESOURCE_REQUIREMENTS};
use super::pod_scheduling::{AFFINITY, POD_DNS_CONFIG, TOLERATION, TOPOLOGY_SPREAD_CONSTRAINT};
use super::volumes::VOLUME;
use super::{F, f, inline, r};
use crate::sim::protobuf::Pres::{Always as A, Null as N, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{Bool, I32, I64, IntStr, Map as M, Msg, Quantity, Str, Time};

// --- core/v1: Pod

pub(super) const POD: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(POD_SPEC), A),
    f(3, "status", Msg(POD_STATUS), A),
];

pub(super) const POD_TEMPLATE_SPEC: &[F] = &[
    f(1, "metadata", Msg(OBJECT_META), A),
    f(2, "spec", Msg(POD_SPEC), A),
];

const POD_SPEC: &[F] = &[
    r(1, "volumes", Msg(VOLUME), O),
    r(20, "initContainers", Msg(CONTAINER), O),
    r(2, "containers", Msg(CONTAINER), A),
    r(34, "ephemeralContainers", Msg(EPHEMERAL_CONTAINER), O),
    f(3, "restartPolicy", Str, O),
    f(4, "terminationGracePeriodSeconds", I64, P),
    f(5, "activeDeadlineSeconds", I64, P),
    f(6, "dnsPolicy", Str, O),
    f(7, "nodeSelector", M(&Str), O),
    f(8, "serviceAccountName", Str, O),
    f(9, "serviceAccount", Str, O),
    f(21, "automountServiceAccountToken", Bool, P),
    f(10, "nodeName", Str, O),
    f(11, "hostNetwork", Bool, O),
    f(12, "hostPID", Bool, O),
    f(13, "hostIPC", Bool, O),
    f(27, "shareProcessNamespace", Bool, P),
    f(14, "securityContext", Msg(POD_SECURITY_CONTEXT), P),
    r(15, "imagePullSecrets", Msg(LOCAL_OBJECT_REFERENCE), O),
    f(16, "hostname", Str, O),
    f(17, "subdomain", Str, O),
    f(18, "affinity", Msg(AFFINITY), P),
    f(19, "schedulerName", Str, O),
    r(22, "tolerations", Msg(TOLERATION), O),
    r(
        23,
        "hostAliases",
        Msg(&[f(1, "ip", Str, A), r(2, "hostnames", Str, O)]),
        O,
    ),
    f(24, "priorityClassName", Str, O),
    f(25, "priority", I32, P),
    f(26, "dnsConfig", Msg(POD_DNS_CONFIG), P),
    r(
        28,
        "readinessGates",
        Msg(&[f(1, "conditionType", Str, A)]),
        O,
    ),
    f(29, "runtimeClassName", Str, P),
    f(30, "enableServiceLinks", Bool, P),
    f(31, "preemptionPolicy", Str, P),
    f(32, "overhead", M(&Quantity), O),
    r(
        33,
        "topologySpreadConstraints",
        Msg(TOPOLOGY_SPREAD_CONSTRAINT),
        O,
    ),
    f(35, "setHostnameAsFQDN", Bool, P),
    f(36, "os", Msg(&[f(1, "name", Str, A)]), P),
    f(37, "hostUsers", Bool, P),
    r(38, "schedulingGates", Msg(&[f(1, "name", Str, A)]), O),
    r(
        39,
        "resourceClaims",
        Msg(&[
            f(1, "name", Str, A),
            f(3, "resourceClaimName", Str, P),
            f(4, "resourceClaimTemplateName", Str, P),
        ]),
        O,
    ),
    f(40, "resources", Msg(RESOURCE_REQUIREMENTS), P),
];

/// `Container` and `EphemeralContainerCommon` share numbers and JSON.
const CONTAINER: &[F] = &[
    f(1, "name", Str, A),
    f(2, "image", Str, O),
    r(3, "command", Str, O),
    r(4, "args", Str, O),
    f(5, "workingDir", Str, O),
    r(6, "ports", Msg(CONTAINER_PORT), O),
    r(19, "envFrom", Msg(ENV_FROM_SOURCE), O),
    r(7, "env", Msg(ENV_VAR), O),
    f(8, "resources", Msg(RESOURCE_REQUIREMENTS), A),
    r(
        23,
        "resizePolicy",
        Msg(&[f(1, "resourceName", Str, A), f(2, "restartPolicy", Str, A)]),
        O,
    ),
    f(24, "restartPolicy", Str, P),
    r(9, "volumeMounts", Msg(VOLUME_MOUNT), O),
    r(
        21,
        "volumeDevices",
        Msg(&[f(1, "name", Str, A), f(2, "devicePath", Str, A)]),
        O,
    ),
    f(10, "livenessProbe", Msg(PROBE), P),
    f(11, "readinessProbe", Msg(PROBE), P),
    f(22, "startupProbe", Msg(PROBE), P),
    f(12, "lifecycle", Msg(LIFECYCLE), P),
    f(13, "terminationMessagePath", Str, O),
    f(20, "terminationMessagePolicy", Str, O),
    f(14, "imagePullPolicy", Str, O),
    f(15, "securityContext", Msg(SECURITY_CONTEXT), P),
    f(16, "stdin", Bool, O),
    f(17, "stdinOnce", Bool, O),
    f(18, "tty", Bool, O),
];

const EPHEMERAL_CONTAINER: &[F] = &[inline(1, CONTAINER), f(2, "targetContainerName", Str, O)];

const CONTAINER_PORT: &[F] = &[
    f(1, "name", Str, O),
    f(2, "hostPort", I32, O),
    f(3, "containerPort", I32, A),
    f(4, "protocol", Str, O),
    f(5, "hostIP", Str, O),
];

const ENV_VAR: &[F] = &[
    f(1, "name", Str, A),
    f(2, "value", Str, O),
    f(
        3,
        "valueFrom",
        Msg(&[
            f(1, "fieldRef", Msg(OBJECT_FIELD_SELECTOR), P),
            f(2, "resourceFieldRef", Msg(RESOURCE_FIELD_SELECTOR), P),
            f(3, "configMapKeyRef", Msg(KEY_SELECTOR), P),
            f(4, "secretKeyRef", Msg(KEY_SELECTOR), P),
        ]),
        P,
    ),
];

/// `ConfigMapKeySelector` and `SecretKeySelector`.
const KEY_SELECTOR: &[F] = &[
    inline(1, LOCAL_OBJECT_REFERENCE),
    f(2, "key", Str, A),
    f(3, "optional", Bool, P),
];

pub(super) const OBJECT_FIELD_SELECTOR: &[F] =
    &[f(1, "apiVersion", Str, O), f(2, "fieldPath", Str, A)];

pub(super) const RESOURCE_FIELD_SELECTOR: &[F] = &[
    f(1, "containerName", Str, O),
    f(2, "resource", Str, A),
    f(3, "divisor", Quantity, A),
];

/// `ConfigMapEnvSource` and `SecretEnvSource`.
const ENV_SOURCE: &[F] = &[inline(1, LOCAL_OBJECT_REFERENCE), f(2, "optional", Bool, P)];

const ENV_FROM_SOURCE: &[F] = &[
    f(1, "prefix", Str, O),
    f(2, "configMapRef", Msg(ENV_SOURCE), P),
    f(3, "secretRef", Msg(ENV_SOURCE), P),
];

const VOLUME_MOUNT: &[F] = &[
    f(1, "name", Str, A),
    f(2, "readOnly", Bool, O),
    f(7, "recursiveReadOnly", Str, P),
    f(3, "mountPath", Str, A),
    f(4, "subPath", Str, O),
    f(5, "mountPropagation", Str, P),
    f(6, "subPathExpr", Str, O),
];

const PROBE: &[F] = &[
    inline(1, PROBE_HANDLER),
    f(2, "initialDelaySeconds", I32, O),
    f(3, "timeoutSeconds", I32, O),
    f(4, "periodSeconds", I32, O),
    f(5, "successThreshold", I32, O),
    f(6, "failureThreshold", I32, O),
    f(7, "terminationGracePeriodSeconds", I64, P),
];

const EXEC_ACTION: &[F] = &[r(1, "command", Str, O)];

const HTTP_GET_ACTION: &[F] = &[
    f(1, "path", Str, O),
    f(2, "port", IntStr, A),
    f(3, "host", Str, O),
    f(4, "scheme", Str, O),
    r(
        5,
        "httpHeaders",
        Msg(&[f(1, "name", Str, A), f(2, "value", Str, A)]),
        O,
    ),
];

const TCP_SOCKET_ACTION: &[F] = &[f(1, "port", IntStr, A), f(2, "host", Str, O)];

const PROBE_HANDLER: &[F] = &[
    f(1, "exec", Msg(EXEC_ACTION), P),
    f(2, "httpGet", Msg(HTTP_GET_ACTION), P),
    f(3, "tcpSocket", Msg(TCP_SOCKET_ACTION), P),
    f(
        4,
        "grpc",
        Msg(&[f(1, "port", I32, A), f(2, "service", Str, N)]),
        P,
    ),
];

const LIFECYCLE_HANDLER: &[F] = &[
    f(1, "exec", Msg(EXEC_ACTION), P),
    f(2, "httpGet", Msg(HTTP_GET_ACTION), P),
    f(3, "tcpSocket", Msg(TCP_SOCKET_ACTION), P),
    f(4, "sleep", Msg(&[f(1, "seconds", I64, A)]), P),
];

const LIFECYCLE: &[F] = &[
    f(1, "postStart", Msg(LIFECYCLE_HANDLER), P),
    f(2, "preStop", Msg(LIFECYCLE_HANDLER), P),
    f(3, "stopSignal", Str, P),
];

const SE_LINUX_OPTIONS: &[F] = &[
    f(1, "user", Str, O),
    f(2, "role", Str, O),
    f(3, "type", Str, O),
    f(4, "level", Str, O),
];

const WINDOWS_OPTIONS: &[F] = &[
    f(1, "gmsaCredentialSpecName", Str, P),
    f(2, "gmsaCredentialSpec", Str, P),
    f(3, "runAsUserName", Str, P),
    f(4, "hostProcess", Bool, P),
];

/// `SeccompProfile` and `AppArmorProfile`.
const PROFILE: &[F] = &[f(1, "type", Str, A), f(2, "localhostProfile", Str, P)];

const SECURITY_CONTEXT: &[F] = &[
    f(
        1,
        "capabilities",
        Msg(&[r(1, "add", Str, O), r(2, "drop", Str, O)]),
        P,
    ),
    f(2, "privileged", Bool, P),
    f(3, "seLinuxOptions", Msg(SE_LINUX_OPTIONS), P),
    f(10, "windowsOptions", Msg(WINDOWS_OPTIONS), P),
    f(4, "runAsUser", I64, P),
    f(8, "runAsGroup", I64, P),
    f(5, "runAsNonRoot", Bool, P),
    f(6, "readOnlyRootFilesystem", Bool, P),
    f(7, "allowPrivilegeEscalation", Bool, P),
    f(9, "procMount", Str, P),
    f(11, "seccompProfile", Msg(PROFILE), P),
    f(12, "appArmorProfile", Msg(PROFILE), P),
];

const POD_SECURITY_CONTEXT: &[F] = &[
    f(1, "seLinuxOptions", Msg(SE_LINUX_OPTIONS), P),
    f(8, "windowsOptions", Msg(WINDOWS_OPTIONS), P),
    f(2, "runAsUser", I64, P),
    f(6, "runAsGroup", I64, P),
    f(3, "runAsNonRoot", Bool, P),
    r(4, "supplementalGroups", I64, O),
    f(12, "supplementalGroupsPolicy", Str, P),
    f(5, "fsGroup", I64, P),
    r(
        7,
        "sysctls",
        Msg(&[f(1, "name", Str, A), f(2, "value", Str, A)]),
        O,
    ),
    f(9, "fsGroupChangePolicy", Str, P),
    f(10, "seccompProfile", Msg(PROFILE), P),
    f(11, "appArmorProfile", Msg(PROFILE), P),
    f(13, "seLinuxChangePolicy", Str, P),
];

const POD_STATUS: &[F] = &[
    f(1, "phase", Str, O),
    f(3, "message", Str, O),
    f(4, "reason", Str, O),
    f(11, "nominatedNodeName", Str, O),
    f(5, "hostIP", Str, O),
    r(16, "hostIPs", Msg(&[f(1, "ip", Str, A)]), O),
    f(6, "podIP", Str, O),
    r(12, "podIPs", Msg(&[f(1, "ip", Str, A)]), O),
    f(7, "startTime", Time, P),
    f(9, "qosClass", Str, O),
    f(14, "resize", Str, O),
];
