package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SetFiguresTest {
    private static SetFigures.View view(Double l, Double ev, Double gainR, Double gainB) {
        return new SetFigures.View("s", "COMPLETED", 5, l, 0.0, 0.0, 0.87, ev, gainR, 1.0, gainB, "2026-12-07T00:00:00Z");
    }

    @Test
    void aSpreadIsMaxMinusMinOverTheViewsThatHaveTheFigure() {
        List<SetFigures.View> views = List.of(view(60.0, 0.5, 0.9, 1.2), view(52.5, 1.4, 1.0, 1.0), view(null, null, null, null));
        assertThat(SetFigures.range(views, SetFigures.View::lightness)).isEqualTo(7.5);
        assertThat(SetFigures.range(views, SetFigures.View::exposureEv)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        // the warmth taken out: red gain over blue, 0.75 and 1.0
        assertThat(SetFigures.range(views, SetFigures::gainBalance)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
        // one view with the figure is no spread
        assertThat(SetFigures.range(List.of(view(60.0, null, null, null), view(null, null, null, null)), SetFigures.View::lightness)).isNull();
    }
}
