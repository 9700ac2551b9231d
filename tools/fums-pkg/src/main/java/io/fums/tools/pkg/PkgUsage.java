package io.fums.tools.pkg;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The one line a command-line mistake gets: {@code fums-pkg <command>: what is wrong; see '... --help'}. */
final class PkgUsage {

    private PkgUsage() {
    }

    static String message(ParameterException ex) {
        String command = ex.getCommandLine().getCommandSpec().qualifiedName();
        String what = ex.getMessage();
        if (ex.getCause() instanceof TypeConversionException t && ex.getArgSpec() instanceof OptionSpec o) {
            what = o.longestName() + ": " + t.getMessage();
        } else if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            what += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        return command + ": " + what + "; see '" + command + " --help'";
    }
}
