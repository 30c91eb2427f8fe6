package dev.partsmith.catalog;

import java.util.Objects;

/**
 * How the database server lays values out in bytes, which decides how it hashes them: the database's
 * character encoding (the bytes of a text value) and the byte order in which the server reads bytes when
 * it hashes them (the machine's).
 *
 * @param encoding the database's encoding as {@code getdatabaseencoding()} names it: {@code UTF8}, {@code LATIN1}...
 * @param littleEndian whether the server hashes bytes as a little-endian machine does (x86-64, ARM)
 */
public record ByteLayout(String encoding, boolean littleEndian) {

    public ByteLayout {
        Objects.requireNonNull(encoding, "encoding");
    }
}
