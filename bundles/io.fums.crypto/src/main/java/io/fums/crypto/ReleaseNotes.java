package io.fums.crypto;

import java.util.List;
import java.util.Objects;

/**
 * The changes of a version against the previous one, as the vendor delivers
 * them with each version (UC-1).
 *
 * @param newFunctions  functions added, one line each; may be empty, never null
 * @param fixedProblems problems fixed, one line each; may be empty, never null
 */
public record ReleaseNotes(List<String> newFunctions, List<String> fixedProblems) {

    /** Copies both lists; rejects null lists and null lines. */
    public ReleaseNotes {
        newFunctions = List.copyOf(Objects.requireNonNull(newFunctions, "newFunctions"));
        fixedProblems = List.copyOf(Objects.requireNonNull(fixedProblems, "fixedProblems"));
    }
}
