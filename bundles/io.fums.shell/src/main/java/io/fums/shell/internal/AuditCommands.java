package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import io.fums.store.AuditEntry;
import io.fums.store.AuditLog;
import io.fums.store.AuditOutcome;
import io.fums.store.AuditQuery;
import io.fums.store.AuditVerification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** audit query, audit verify: the DCU's tamper-evident audit log. */
final class AuditCommands {

    private static final Pattern AGO = Pattern.compile("(\\d{1,6})([smhd])");
    private static final int MAX_SHOWN = 1000;
    private static final int DETAIL_CHARS = 300;

    private final AuditLog audit;
    private final Clock clock;

    AuditCommands(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    List<Command> commands() {
        return List.of(
                Command.readOnly("audit query", "audit entries, newest first, filtered by action, actor (part of it), "
                                + "outcome, time",
                        "audit query [--action A] [--actor TEXT] [--outcome OK|REFUSED|FAILED] [--since 2h|RFC3339] [--limit N]",
                        "audit query --actor technician --since 1h --limit 10", 0, 0, this::query)
                        .withOptions("action", "actor", "outcome", "since", "limit"),
                Command.readOnly("audit verify", "check the audit log's hash chain from the first entry to the last",
                        "audit verify", "audit verify", 0, 0, a -> verify()));
    }

    private String query(Args a) throws FumsException {
        int limit = a.intOption("limit", 1, MAX_SHOWN, 20);
        String outcome = a.choice("outcome", Set.of("OK", "REFUSED", "FAILED"));
        String actor = a.option("actor");
        AuditQuery.Builder q = AuditQuery.builder().limit(actor == null ? limit : AuditQuery.MAX_LIMIT);
        if (a.option("action") != null) {
            q.action(a.option("action"));
        }
        if (outcome != null) {
            q.outcome(AuditOutcome.valueOf(outcome));
        }
        if (a.option("since") != null) {
            q.since(since(a, a.option("since")));
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (AuditEntry e : audit.query(q.build())) {
            if (actor != null && !e.actor().contains(actor)) {
                continue;
            }
            if (shown++ == limit) {
                break;
            }
            b.append('#').append(e.seq()).append(' ').append(e.time()).append(' ').append(e.actor()).append(' ')
                    .append(e.action()).append(' ').append(e.outcome());
            if (e.reason() != null) {
                b.append(' ').append(e.reason());
            }
            if (e.subject() != null) {
                b.append(" [").append(e.subject()).append(']');
            }
            if (e.detailJson() != null) {
                String d = e.detailJson();
                b.append(' ').append(d.length() <= DETAIL_CHARS ? d : d.substring(0, DETAIL_CHARS) + "\u2026");
            }
            b.append('\n');
        }
        return shown == 0 ? "no matching audit entries\n" : b.toString();
    }

    private Instant since(Args a, String v) throws FumsException {
        Matcher m = AGO.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw a.malformed("--since '" + v + "' is neither an age (30m, 2h, 7d) nor RFC 3339 UTC (2026-12-07T03:00:00Z)");
        }
    }

    private String verify() throws FumsException {
        AuditVerification v = audit.verify();
        if (!v.ok()) {
            throw new FumsException(ErrorCode.STORAGE_CORRUPT, v.toString());
        }
        String head = audit.last().map(e -> "; newest #" + e.seq() + " hash " + e.hashHex()).orElse("");
        return v.message() + head + "\n";
    }
}
