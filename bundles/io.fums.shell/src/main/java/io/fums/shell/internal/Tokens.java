package io.fums.shell.internal;

import io.fums.api.error.ErrorCode;
import io.fums.api.error.FumsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words: blanks separate words, double quotes
 * keep blanks inside a word ({@code install "/media/usb/dcu 2.0.zip"}).
 * Control characters are refused: a command line is typed text.
 */
final class Tokens {

    private Tokens() {
    }

    static List<String> split(String line) throws FumsException {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw new FumsException(ErrorCode.CMD_MALFORMED,
                        String.format("control character U+%04X at column %d; type the command as text", (int) c, i + 1));
            }
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && (c == ' ' || c == '\t')) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new FumsException(ErrorCode.CMD_MALFORMED, "a double quote is not closed; close it, e.g. install \"/media/usb/my file.zip\"");
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
