-- What each kernel upgrade's boot took on a host, as its agent measured it (protocol v2's KernelBoot in a
-- RestoreGuests answer after a kexec into a new kernel; docs/cost-model.md). The planner takes the medians of
-- a host's newest five in place of kexec_seconds and a preserved guest's return. One row per answered command.
CREATE TABLE host_kernel_boot (
    id          bigserial PRIMARY KEY,
    host        text        NOT NULL,
    command_id  text        NOT NULL UNIQUE,
    recorded_at timestamptz NOT NULL,
    kernel      text        NOT NULL,
    to_agent_ms bigint      NOT NULL CHECK (to_agent_ms >= 0),
    restore_ms  bigint               CHECK (restore_ms >= 0)
);
CREATE INDEX host_kernel_boot_newest ON host_kernel_boot (host, recorded_at DESC, id DESC);
