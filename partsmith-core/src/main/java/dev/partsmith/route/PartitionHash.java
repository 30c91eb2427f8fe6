package dev.partsmith.route;

/**
 * PostgreSQL's hash partitioning, ported: the 64-bit hash of a row's key values
 * ({@code compute_partition_hash_value} in {@code partbounds.c}), made of each value's extended hash with
 * the partition seed ({@code hashint2extended}, {@code hashint4extended}, {@code hashint8extended} in
 * {@code hashfunc.c}, which call {@code hash_bytes_uint32_extended}; {@code hashtextextended} and
 * {@code uuid_hash_extended}, which call {@code hash_bytes_extended} on the value's bytes, in
 * {@code hashfn.c}) combined by {@code hash_combine64} ({@code hashfn.h}). Bob Jenkins' lookup3 as
 * PostgreSQL reads bytes on a little-endian machine.
 */
final class PartitionHash {

    /** {@code HASH_PARTITION_SEED}: the seed every value of a hash partition key is hashed with. */
    static final long SEED = 0x7A5B22367996DCFDL;

    private PartitionHash() {
    }

    /** {@code hash_combine64}: one more value's hash folded into a row's. */
    static long combine(long a, long b) {
        return a ^ (b + 0x49a0f4dd15e5a8e3L + (a << 54) + (a >>> 7));
    }

    /** {@code hashint8extended}: the low half, xor the high half (its complement for a negative value), hashed as 32 bits. */
    static long hashInt8(long value, long seed) {
        int low = (int) value;
        int high = (int) (value >> 32);
        return hashUint32(low ^ (value >= 0 ? high : ~high), seed);
    }

    /** {@code hash_bytes_uint32_extended}, which {@code hashint4extended} and {@code hashint2extended} (the value widened) call. */
    static long hashUint32(int value, long seed) {
        int a = 0x9e3779b9 + Integer.BYTES + 3923095;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            int[] state = mix(a, b, c);
            a = state[0];
            b = state[1];
            c = state[2];
        }
        a += value;
        return finish(a, b, c);
    }

    /** {@code hash_bytes_extended}, on a little-endian machine. */
    @SuppressWarnings("fallthrough")
    static long hashBytes(byte[] key, long seed) {
        int length = key.length;
        int a = 0x9e3779b9 + length + 3923095;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            int[] state = mix(a, b, c);
            a = state[0];
            b = state[1];
            c = state[2];
        }
        int offset = 0;
        while (length >= 12) {
            a += word(key, offset);
            b += word(key, offset + 4);
            c += word(key, offset + 8);
            int[] state = mix(a, b, c);
            a = state[0];
            b = state[1];
            c = state[2];
            offset += 12;
            length -= 12;
        }
        // The last bytes, each case falling through; the lowest byte of c is kept for the length.
        switch (length) {
            case 11:
                c += (key[offset + 10] & 0xff) << 24;
            case 10:
                c += (key[offset + 9] & 0xff) << 16;
            case 9:
                c += (key[offset + 8] & 0xff) << 8;
            case 8:
                b += (key[offset + 7] & 0xff) << 24;
            case 7:
                b += (key[offset + 6] & 0xff) << 16;
            case 6:
                b += (key[offset + 5] & 0xff) << 8;
            case 5:
                b += key[offset + 4] & 0xff;
            case 4:
                a += (key[offset + 3] & 0xff) << 24;
            case 3:
                a += (key[offset + 2] & 0xff) << 16;
            case 2:
                a += (key[offset + 1] & 0xff) << 8;
            case 1:
                a += key[offset] & 0xff;
            default:
                break;
        }
        return finish(a, b, c);
    }

    /** Four bytes read little-endian. */
    private static int word(byte[] key, int offset) {
        return (key[offset] & 0xff) | (key[offset + 1] & 0xff) << 8 | (key[offset + 2] & 0xff) << 16 | (key[offset + 3] & 0xff) << 24;
    }

    /** lookup3's {@code mix}. */
    private static int[] mix(int a, int b, int c) {
        a -= c;
        a ^= Integer.rotateLeft(c, 4);
        c += b;
        b -= a;
        b ^= Integer.rotateLeft(a, 6);
        a += c;
        c -= b;
        c ^= Integer.rotateLeft(b, 8);
        b += a;
        a -= c;
        a ^= Integer.rotateLeft(c, 16);
        c += b;
        b -= a;
        b ^= Integer.rotateLeft(a, 19);
        a += c;
        c -= b;
        c ^= Integer.rotateLeft(b, 4);
        b += a;
        return new int[] { a, b, c };
    }

    /** lookup3's {@code final}, and the 64-bit result PostgreSQL makes of it: {@code b} high, {@code c} low. */
    private static long finish(int a, int b, int c) {
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return (long) b << 32 | c & 0xffffffffL;
    }
}
