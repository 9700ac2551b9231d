package io.fums.demo.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the demo report shows: the story's facts, every meter's journalled
 * transitions, the alarms and the audit trail, as collected from the DCU
 * over the cloud API.
 *
 * @param title     the report title
 * @param started   when the demo started
 * @param finished  when it ended
 * @param facts     headline figures, in order (e.g. "meters" -> "100")
 * @param steps     the story's steps with their outcome, in order
 * @param meters    every meter of the campaign with its transitions
 * @param alarms    alarms raised during the run
 * @param audit     the DCU's audit trail (newest last)
 */
public record ReportData(String title, Instant started, Instant finished, Map<String, String> facts, List<Step> steps,
                         List<MeterTimeline> meters, List<Alarm> alarms, List<AuditRow> audit) {

    public ReportData {
        facts = Map.copyOf(facts);
        steps = List.copyOf(steps);
        meters = List.copyOf(meters);
        alarms = List.copyOf(alarms);
        audit = List.copyOf(audit);
    }

    /** One step of the story. */
    public record Step(String name, boolean ok, String detail, Instant at) {
    }

    /** One meter's journalled transitions (state entered, time), oldest first. */
    public record MeterTimeline(String meterId, String finalState, String errorCode, String message, List<Transition> transitions) {
        public MeterTimeline {
            transitions = List.copyOf(transitions);
        }

        /** From the first to the last transition, in milliseconds; 0 without transitions. */
        public long durationMillis() {
            return transitions.isEmpty() ? 0
                    : transitions.get(transitions.size() - 1).at().toEpochMilli() - transitions.get(0).at().toEpochMilli();
        }
    }

    /** A state entered at a time. */
    public record Transition(String state, Instant at) {
    }

    /** An alarm as the console received it. */
    public record Alarm(Instant at, String meterId, String code, String message) {
    }

    /** One audit entry. */
    public record AuditRow(long seq, Instant at, String actor, String action, String outcome, String subject, String reason) {
    }
}
