package io.fums.cloud.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.api.device.DeviceId;
import io.fums.cloud.mqtt.CloudMessage;
import io.fums.cloud.mqtt.CloudResponse;
import io.fums.cloud.mqtt.CloudSubscriber;
import io.fums.cloud.mqtt.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistriesTest {

    private static final DeviceId DCU = DeviceId.of("DCU-1");

    @Test
    void highestRankingThenLowestServiceIdServesAnOperation() {
        HandlerRegistry r = new HandlerRegistry();
        RequestHandler a = req -> CloudResponse.ok("a");
        RequestHandler b = req -> CloudResponse.ok("b");
        RequestHandler c = req -> CloudResponse.ok("c");
        r.add(a, Map.of(RequestHandler.OPERATIONS, "x.op", "service.id", 5L));
        r.add(b, Map.of(RequestHandler.OPERATIONS, "x.op", "service.id", 3L));
        assertThat(r.route("x.op")).get().extracting(HandlerRegistry.Route::handler).isSameAs(b);
        r.add(c, Map.of(RequestHandler.OPERATIONS, List.of("x.op", "y.op"), "service.id", 9L, "service.ranking", 10));
        assertThat(r.route("x.op")).get().extracting(HandlerRegistry.Route::handler).isSameAs(c);
        r.remove(c);
        assertThat(r.route("x.op")).get().extracting(HandlerRegistry.Route::handler).isSameAs(b);
        assertThat(r.route("y.op")).isEmpty();
        assertThat(r.operations()).containsExactly("x.op");
    }

    @Test
    void stateChangingIsTheDefault() {
        HandlerRegistry r = new HandlerRegistry();
        r.add(req -> null, Map.of(RequestHandler.OPERATIONS, new String[] {"a.get", "a.set"}, RequestHandler.READ_ONLY, "a.get"));
        assertThat(r.route("a.get")).get().extracting(HandlerRegistry.Route::readOnly).isEqualTo(true);
        assertThat(r.route("a.set")).get().extracting(HandlerRegistry.Route::readOnly).isEqualTo(false);
    }

    @Test
    void invalidRegistrationsAreIgnored() {
        HandlerRegistry r = new HandlerRegistry();
        assertThat(r.add(req -> null, Map.of())).isEmpty();
        assertThat(r.add(req -> null, Map.of(RequestHandler.OPERATIONS, "Bad/Op"))).isEmpty();
        assertThat(r.add(req -> null, Map.of(RequestHandler.OPERATIONS, "a.b", RequestHandler.READ_ONLY, "c.d"))).isEmpty();
        assertThat(r.operations()).isEmpty();
    }

    @Test
    void subscriberFiltersStayBelowTheDcuRootAndOutOfTheLinksTopics() {
        assertThat(SubscriberRegistry.valid("notify/#")).isTrue();
        assertThat(SubscriberRegistry.valid("config/+/set")).isTrue();
        assertThat(SubscriberRegistry.valid("req/x")).isFalse();
        assertThat(SubscriberRegistry.valid("evt/#")).isFalse();
        assertThat(SubscriberRegistry.valid("state")).isFalse();
        assertThat(SubscriberRegistry.valid("probe")).as("the session probe topic").isFalse();
        assertThat(SubscriberRegistry.valid("#")).isFalse();
        assertThat(SubscriberRegistry.valid("a/#/b")).isFalse();
        assertThat(SubscriberRegistry.valid("a+/b")).isFalse();
        assertThat(SubscriberRegistry.valid("/abs")).isFalse();
        assertThat(SubscriberRegistry.valid(null)).isFalse();
    }

    @Test
    void topicMatching() {
        assertThat(SubscriberRegistry.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(SubscriberRegistry.matches("a/#", "a")).isTrue();
        assertThat(SubscriberRegistry.matches("a/#", "a/b/c")).isTrue();
        assertThat(SubscriberRegistry.matches("a/+", "a/b/c")).isFalse();
        assertThat(SubscriberRegistry.matches("a/b", "a/b/c")).isFalse();
        assertThat(SubscriberRegistry.matches("a/b/c", "a/b")).isFalse();
    }

    @Test
    void matchingMessagesAreDeliveredWithTheirRelativeTopic() {
        SubscriberRegistry r = new SubscriberRegistry(DCU, new RequestRouterTest.DirectExecutor());
        List<CloudMessage> got = new ArrayList<>();
        CloudSubscriber s = got::add;
        assertThat(r.add(s, "notify/#")).isEqualTo("fums/v1/DCU-1/notify/#");
        assertThat(r.add(m -> { }, "req/#")).isNull();
        Incoming m = new Incoming("fums/v1/DCU-1/notify/tariff", "{}".getBytes(), 1, true, null, null, "application/json",
                List.of(Map.entry("k", "v")), () -> { });
        assertThat(r.deliver(m)).isTrue();
        assertThat(got).singleElement().satisfies(cm -> {
            assertThat(cm.relativeTopic()).isEqualTo("notify/tariff");
            assertThat(cm.retained()).isTrue();
            assertThat(cm.userProperties()).containsExactly(Map.entry("k", "v"));
        });
        assertThat(r.deliver(new Incoming("fums/v1/DCU-1/other", new byte[0], 1, false, null, null, null, List.of(), () -> { })))
                .isFalse();
        assertThat(r.remove(s)).isEqualTo("fums/v1/DCU-1/notify/#");
        assertThat(r.filters()).isEmpty();
    }
}
