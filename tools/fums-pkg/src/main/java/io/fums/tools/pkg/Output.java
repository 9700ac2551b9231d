package io.fums.tools.pkg;

import io.fums.crypto.PackageManifest;
import io.fums.crypto.PayloadInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** How packages are shown to people. */
final class Output {

    private Output() {
    }

    static void manifestSummary(PrintWriter o, PackageManifest m) {
        o.println("package:      " + m.name() + " " + m.version() + " (" + m.kind().id() + ")" + (m.downgrade() ? " EXPLICIT DOWNGRADE" : ""));
        if (m.component() != io.fums.api.firmware.FirmwareComponent.CORE) {
            o.println("component:    " + m.component().id() + " (" + m.component().identifierObis() + ")");
        }
        o.println("vendor:       " + m.vendor());
        o.println("created:      " + m.createdAt());
        o.println("device types: " + m.compatibleDeviceTypes().stream().map(Object::toString).collect(Collectors.joining(", ")));
        if (!m.prerequisites().isEmpty()) {
            o.println("needs first:  " + m.prerequisites().entrySet().stream()
                    .map(e -> e.getKey() + " >= " + e.getValue()).collect(Collectors.joining(", ")));
        }
        for (PayloadInfo p : m.payloads()) {
            o.printf("payload:      %s  %d bytes  sha256 %s%n", p.file(), p.size(), p.sha256());
        }
    }

    static void releaseNotes(PrintWriter o, PackageManifest m) {
        lines(o, "new functions:", m.releaseNotes().newFunctions());
        lines(o, "fixed problems:", m.releaseNotes().fixedProblems());
    }

    private static void lines(PrintWriter o, String heading, List<String> lines) {
        o.println(heading + (lines.isEmpty() ? " (none)" : ""));
        for (String l : lines) {
            o.println("  - " + l);
        }
    }
}
