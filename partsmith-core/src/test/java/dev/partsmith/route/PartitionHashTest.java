package dev.partsmith.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The port of PostgreSQL's hash functions gives what PostgreSQL 15 on x86-64 answers to
 * {@code SELECT hashint4extended(v, seed)} and its siblings, for the partition seed (and for seed 0, which
 * skips the seed's mixing): the expected numbers were read from the server.
 */
class PartitionHashTest {

    private static final long SEED = PartitionHash.SEED;

    @Test
    void theSeedIsPostgresHashPartitionSeed() {
        assertThat(SEED).isEqualTo(8816678312871386365L);
    }

    @Test
    void integersHashAsHashint2Hashint4AndHashint8Extended() {
        assertThat(PartitionHash.hashUint32(0, SEED)).isEqualTo(-4403592609991167795L);
        assertThat(PartitionHash.hashUint32(1, SEED)).isEqualTo(5968994663651403477L);
        assertThat(PartitionHash.hashUint32(-1, SEED)).isEqualTo(-5017072347659237694L);
        assertThat(PartitionHash.hashUint32(Short.MAX_VALUE, SEED)).isEqualTo(-6436696229286267413L);
        assertThat(PartitionHash.hashUint32(Short.MIN_VALUE, SEED)).isEqualTo(5885242512097991578L);
        assertThat(PartitionHash.hashUint32(Integer.MAX_VALUE, SEED)).isEqualTo(-6050265599104649060L);
        assertThat(PartitionHash.hashUint32(Integer.MIN_VALUE, SEED)).isEqualTo(4938542303000433043L);
        assertThat(PartitionHash.hashUint32(42, SEED)).isEqualTo(7363975540656877951L);

        assertThat(PartitionHash.hashInt8(0, SEED)).isEqualTo(-4403592609991167795L);
        assertThat(PartitionHash.hashInt8(-1, SEED)).as("the complement of the high half of a negative value").isEqualTo(-5017072347659237694L);
        assertThat(PartitionHash.hashInt8(42, SEED)).isEqualTo(7363975540656877951L);
        assertThat(PartitionHash.hashInt8(Long.MAX_VALUE, SEED)).isEqualTo(4938542303000433043L);
        assertThat(PartitionHash.hashInt8(Long.MIN_VALUE, SEED)).isEqualTo(-6050265599104649060L);
        assertThat(PartitionHash.hashInt8(4294967296L, SEED)).isEqualTo(5968994663651403477L);
        assertThat(PartitionHash.hashInt8(-4294967297L, SEED)).isEqualTo(2147707635919668551L);
    }

    @Test
    void textHashesAsHashtextextendedOfItsUtf8Bytes() {
        assertThat(text("")).isEqualTo(-5700645584453517373L);
        assertThat(text("a")).isEqualTo(-6705225459120232837L);
        assertThat(text("abcd")).isEqualTo(4029384952263848046L);
        assertThat(text("hello world!")).as("twelve bytes: one whole round, no tail").isEqualTo(-1886269529411655687L);
        assertThat(text("hello world!!")).isEqualTo(7458898085804086944L);
        assertThat(text("ümlaut")).isEqualTo(8129636428839005715L);
        assertThat(text("日本語")).isEqualTo(-8050275759738715173L);
        assertThat(text("😀")).isEqualTo(171896711893205134L);
        assertThat(text("tenant1")).isEqualTo(-812742848198480924L);
        assertThat(text("abcdefghijklmnopqrstuvwxyz0123")).isEqualTo(6288301289192221736L);

        assertThat(PartitionHash.hashBytes(new byte[0], 0)).isEqualTo(-6939563903564495251L);
        assertThat(PartitionHash.hashBytes("abcd".getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(-1038429303365892052L);
        assertThat(PartitionHash.hashBytes("hello world!!".getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(2407105755976055416L);
    }

    @Test
    void uuidsHashAsUuidHashExtendedOfTheirSixteenBytes() {
        assertThat(uuid("00000000-0000-0000-0000-000000000000")).isEqualTo(-5281082146396728638L);
        assertThat(uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).isEqualTo(424513190990560493L);
        assertThat(uuid("ffffffff-ffff-ffff-ffff-ffffffffffff")).isEqualTo(-148986464341306210L);
    }

    private static long text(String text) {
        return PartitionHash.hashBytes(text.getBytes(StandardCharsets.UTF_8), SEED);
    }

    private static long uuid(String text) {
        UUID uuid = UUID.fromString(text);
        return PartitionHash.hashBytes(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array(),
                SEED);
    }
}
