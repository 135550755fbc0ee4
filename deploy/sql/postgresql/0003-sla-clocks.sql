-- LaoCaiFanpage: SLA clocks of every case (a projection of the comment-thread grains, like case_index).
-- next_at: the clock's next transition, NULL once it changes no more. Instants: Unix ms.

CREATE TABLE IF NOT EXISTS sla_clock
(
    case_id      TEXT   NOT NULL,
    clock_id     TEXT   NOT NULL,
    page_id      TEXT   NOT NULL,
    kind         TEXT   NOT NULL,
    unit         TEXT   NOT NULL,
    state        TEXT   NOT NULL,
    started_at   BIGINT NOT NULL,
    due_soon_at  BIGINT NOT NULL,
    deadline     BIGINT NOT NULL,
    completed_at BIGINT NULL,
    next_at      BIGINT NULL,
    PRIMARY KEY (case_id, clock_id)
);

CREATE INDEX IF NOT EXISTS ix_sla_clock_unit ON sla_clock (unit, completed_at);
CREATE INDEX IF NOT EXISTS ix_sla_clock_next ON sla_clock (next_at) WHERE next_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_sla_clock_open ON sla_clock (page_id) WHERE completed_at IS NULL;
