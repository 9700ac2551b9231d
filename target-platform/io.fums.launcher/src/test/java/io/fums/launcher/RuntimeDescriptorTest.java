package io.fums.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeDescriptorTest {

    @Test
    void parsesEntriesInOrderIgnoringCommentsAndBlankLines() {
        RuntimeDescriptor d = RuntimeDescriptor.parse(List.of(
                "# the runtime", "", "1 org.osgi:org.osgi.util.function", "  2   org.apache.felix:org.apache.felix.scr  ",
                "10 io.fums:io.fums.api"), "t.feature");
        assertThat(d.entries()).extracting(RuntimeDescriptor.Entry::toString)
                .containsExactly("1 org.osgi:org.osgi.util.function", "2 org.apache.felix:org.apache.felix.scr", "10 io.fums:io.fums.api");
        assertThat(d.entries().get(2).fileName()).isEqualTo("io.fums.api.jar");
        assertThat(d.maxStartLevel()).isEqualTo(10);
    }

    @Test
    void refusesMalformedLinesNamingFileAndLine() {
        assertThatThrownBy(() -> RuntimeDescriptor.parse(List.of("1 a:b", "x org.osgi"), "t.feature"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("t.feature:2: expected '<start level> <groupId>:<artifactId>'");
    }

    @Test
    void refusesStartLevelZeroDuplicatesAndEmptyLists() {
        assertThatThrownBy(() -> RuntimeDescriptor.parse(List.of("0 a:b"), "f"))
                .hasMessage("f:1: start level 0 is outside 1..99");
        assertThatThrownBy(() -> RuntimeDescriptor.parse(List.of("1 a:b", "2 c:b"), "f"))
                .hasMessage("f:2: bundle b is listed twice");
        assertThatThrownBy(() -> RuntimeDescriptor.parse(List.of("# nothing"), "f"))
                .hasMessage("f: lists no bundle");
    }
}
