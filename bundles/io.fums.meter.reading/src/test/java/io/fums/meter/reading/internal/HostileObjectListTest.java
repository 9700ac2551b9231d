package io.fums.meter.reading.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fums.dlms.apdu.ActionResult;
import io.fums.dlms.apdu.DataAccessResult;
import io.fums.dlms.axdr.DataValue;
import io.fums.dlms.client.AssociationSettings;
import io.fums.dlms.client.DlmsClient;
import io.fums.dlms.cosem.CosemAttributeDescriptor;
import io.fums.dlms.cosem.CosemMethodDescriptor;
import io.fums.dlms.cosem.CosemObjects;
import io.fums.dlms.cosem.ImageTransfer;
import io.fums.dlms.cosem.ObisCode;
import io.fums.dlms.cosem.ObjectList;
import io.fums.dlms.cosem.SelectiveAccess;
import io.fums.dlms.link.TcpLink;
import io.fums.emulator.dlms.server.CosemObjectModel;
import io.fums.emulator.dlms.server.DlmsTcpServer;
import io.fums.emulator.dlms.server.ServerSettings;
import io.fums.dlms.transport.WrapperTransport;
import io.fums.meter.access.MeterCapabilities;
import io.fums.store.AuditEntry;
import io.fums.store.AuditQuery;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEC-2: a meter (a real DLMS server session whose object list a test sets, since the emulator only sends
 * valid ones) that answers an oversize or malformed object list: METER_OBJECT_LIST_INVALID, audited, the
 * meter's previous capabilities kept, and the list not asked again under that firmware.
 */
@Tag("SEC-2")
@Tag("SM-9")
class HostileObjectListTest {

    @TempDir
    Path dir;

    /** A meter with an image transfer object of block size 128 and the object list it is given. */
    static final class ListedMeter implements CosemObjectModel {
        volatile DataValue objectList;
        volatile int objectListReads;

        @Override
        public GetOutcome get(CosemAttributeDescriptor a, SelectiveAccess access) {
            if (a.equals(ObjectList.CURRENT_ASSOCIATION_OBJECT_LIST)) {
                objectListReads++;
                return GetOutcome.of(objectList);
            }
            if (a.equals(ImageTransfer.ATTR_IMAGE_BLOCK_SIZE)) {
                return GetOutcome.of(new DataValue.UInt32(128));
            }
            return GetOutcome.failed(DataAccessResult.OBJECT_UNDEFINED);
        }

        @Override
        public DataAccessResult set(CosemAttributeDescriptor attribute, DataValue value) {
            return DataAccessResult.READ_WRITE_DENIED;
        }

        @Override
        public ActionOutcome action(CosemMethodDescriptor method, DataValue parameters) {
            return new ActionOutcome(ActionResult.OBJECT_UNDEFINED, null);
        }
    }

    @Test
    void anOversizeOrMalformedListIsRefusedAuditedAndChangesNothing() throws Exception {
        ListedMeter meter = new ListedMeter();
        meter.objectList = ObjectList.encode(List.of(new ObjectList.Entry(18, 0, ImageTransfer.LOGICAL_NAME),
                new ObjectList.Entry(22, 0, CosemObjects.IMAGE_ACTIVATION_SCHEDULE)));
        List<ObjectList.Entry> many = new ArrayList<>();
        for (int i = 0; i <= ObjectList.DEFAULT_MAX_ENTRIES; i++) {
            many.add(new ObjectList.Entry(1, 0, new ObisCode(0, 0, 96, 50, i >> 8, i & 0xFF)));
        }
        try (Fixtures.Dcu dcu = new Fixtures.Dcu(dir);
             DlmsTcpServer server = DlmsTcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     l -> WrapperTransport.server(l, 1), meter, ServerSettings.open(), 1)) {
            ReadingSchema.migrate(dcu.db);
            MeterCapabilities before;
            CapabilityDiscovery discovery = new CapabilityDiscovery(new CapabilityStore(dcu.db), dcu.audit, dcu.clock,
                    ObjectList.DEFAULT_MAX_ENTRIES);
            try (DlmsClient c = DlmsClient.overWrapper(TcpLink.connect("127.0.0.1", server.port(),
                    Duration.ofSeconds(2)), 0x10, 1, AssociationSettings.none())) {
                discovery.discover("h", "1.0", c, Instant.ofEpochMilli(1000));
                before = discovery.get("h").orElseThrow();
                assertThat(before.activationSchedule()).isTrue();
                assertThat(before.imageBlockSize()).isEqualTo(128L);

                meter.objectList = ObjectList.encode(many); // 4097 entries
                assertThat(discovery.due("h", "2.0")).isTrue();
                discovery.discover("h", "2.0", c, Instant.ofEpochMilli(2000));
                assertThat(discovery.get("h")).as("kept").contains(before);
                assertThat(discovery.due("h", "2.0")).as("not asked again under that firmware").isFalse();

                // a malformed list (class_id as unsigned) under the next firmware
                meter.objectList = DataValue.Array.of(DataValue.Structure.of(new DataValue.UInt8(18),
                        new DataValue.UInt8(0), ImageTransfer.LOGICAL_NAME.toDataValue(), DataValue.Structure.of()));
                discovery.discover("h", "3.0", c, Instant.ofEpochMilli(3000));
                assertThat(discovery.get("h")).as("kept").contains(before);
            }
            assertThat(meter.objectListReads).isEqualTo(3);
            assertThat(new CapabilityStore(dcu.db).get("h")).as("durable, unchanged").contains(before);
            List<AuditEntry> refused = dcu.audit.query(AuditQuery.builder().action("meter.capabilities")
                    .limit(10).build()).stream().filter(e -> e.reason() != null).toList();
            assertThat(refused).hasSize(2).allSatisfy(e -> {
                assertThat(e.subject()).isEqualTo("h");
                assertThat(e.reason()).isEqualTo("METER_OBJECT_LIST_INVALID");
            });
            assertThat(refused.get(0).detailJson() + refused.get(1).detailJson()).contains("4097 entries")
                    .contains("class_id");
        }
    }
}
