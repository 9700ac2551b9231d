package io.fums.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FIGURE line convention the suite (bench/all.sh) relies on. */
class FiguresTest {

    @Test
    void aFigureLineIsOneJsonObjectWithEveryField() {
        String line = Figures.line("campaign-links.slowest-link", 298.6 / 273.066666, "x floor", "<= 1.15x floor",
                "link floor 273.1 s; \"quoted\"", 273.066666, true);
        assertThat(line).startsWith(Figures.PREFIX).doesNotContain("\n");
        JsonObject f = JsonParser.parseString(line.substring(Figures.PREFIX.length())).getAsJsonObject();
        assertThat(f.keySet()).containsExactly("figure", "value", "unit", "target", "reference", "referenceValue", "met");
        assertThat(f.get("value").getAsDouble()).isEqualTo(1.09351);
        assertThat(f.get("referenceValue").getAsDouble()).isEqualTo(273.067);
        assertThat(f.get("reference").getAsString()).endsWith("\"quoted\"");
        assertThat(f.get("met").getAsBoolean()).isTrue();
    }

    @Test
    void numbersNeverUseAnExponentAndInfoFiguresHaveNullMet() {
        assertThat(Figures.number(25085)).isEqualTo("25085");
        assertThat(Figures.number(12345678.9)).isEqualTo("12345700");
        assertThat(Figures.number(0.000123456789)).isEqualTo("0.000123457");
        assertThat(Figures.number(Double.NaN)).isEqualTo("null");
        JsonObject f = JsonParser.parseString(Figures.line("x", 1, "s", "-", "-", null, null).substring(7)).getAsJsonObject();
        assertThat(f.get("met").isJsonNull()).isTrue();
        assertThat(f.get("referenceValue").isJsonNull()).isTrue();
    }

    @Test
    void theBroadcastTableIsReadWhenItPrintsNoFigureLines() {
        List<String> table = List.of(
                "image on the line, size*10/baud (s, floor)                  17.07             ",
                "total (s)                                                   41.66             ",
                "total / floor                                                2.44       <= 1.5",
                "projected one by one, x20 (s)                              415.50             ",
                "speed-up over one by one                                     9.99             ");
        JsonArray figures = new JsonArray();
        assertThat(SuiteReport.fromTable("meter-broadcast", table, figures)).isEqualTo(2);
        JsonObject total = figures.get(0).getAsJsonObject();
        assertThat(total.get("figure").getAsString()).isEqualTo("meter-broadcast.total");
        assertThat(total.get("value").getAsDouble()).isEqualTo(2.44);
        assertThat(total.get("met").getAsBoolean()).isFalse();
        assertThat(figures.get(1).getAsJsonObject().get("referenceValue").getAsDouble()).isEqualTo(415.5);
        assertThat(SuiteReport.fromTable("other", table, new JsonArray())).isZero();
    }
}
