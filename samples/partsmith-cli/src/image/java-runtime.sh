#!/bin/sh
# Lays out the files the CLI image adds to the empty base image: a Java runtime linked (jlink) from the
# build's JDK with the modules the CLI uses and their class data sharing archive, the shared libraries that
# runtime loads (found with ldd, copied to the paths the build machine has them at, the dynamic loader
# included), the C.UTF-8 locale, the image user's passwd and group entries, and an empty /tmp. Jib adds the
# directory as one layer.
#
# Usage: java-runtime.sh JAVA_HOME CLASSPATH_FILE CLASSES_DIR OUTPUT_DIR EXTRA_MODULES UID GID
#   CLASSPATH_FILE  the CLI's runtime class path (jars separated by ':'), as maven-dependency-plugin writes it
#   EXTRA_MODULES   modules jdeps cannot see because they are looked up at run time, comma-separated
set -eu

java_home=$1 classpath_file=$2 classes=$3 output=$4 extra_modules=$5 uid=$6 gid=$7

fail() {
    echo "java-runtime.sh: $*" >&2
    exit 1
}

[ "$(uname -s)" = Linux ] || fail "the image's Java runtime is linked from the build's JDK, so it is built on Linux;" \
    "elsewhere choose a base image with a Java runtime: -Djib.from.image=eclipse-temurin:17-jre"

# jdeps and jlink take most of the time: the runtime they made is kept, with what it was made from in
# $output.key, until any of that changes (this script, the JDK, the class path, the classes).
key=$({ cat "$0" "$java_home/release" "$classpath_file"; echo "$java_home $extra_modules";
    find "$classes" -type f | LC_ALL=C sort | xargs cat; } | cksum)
if [ ! -d "$output/opt/java" ] || [ "$(cat "$output.key" 2>/dev/null)" != "$key" ]; then
    # The modules the classes and their dependencies use, as jdeps reads them for the runtime's Java version.
    feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
    # shellcheck disable=SC2046 # one argument per jar
    modules=$("$java_home/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release "$feature" \
        "$classes" $(tr ':' ' ' < "$classpath_file"))
    rm -rf "$output" "$output.key"
    mkdir -p "$output/opt"
    # java.desktop is there for java.beans, which Spring uses; its native libraries (AWT, fonts, sound) are
    # left out, and with them the X11, freetype and ALSA libraries they would need. The class data sharing
    # archive of the runtime's classes shortens each start.
    "$java_home/bin/jlink" --add-modules "$modules,$extra_modules" --exclude-files='glob:/java.desktop/lib/**' \
        --strip-debug --no-header-files --no-man-pages --generate-cds-archive --output "$output/opt/java"
    echo "$key" > "$output.key"
fi

# The rest is quick and always made anew, so that it follows this machine's libraries.
find "$output" -mindepth 1 -maxdepth 1 ! -name opt -exec rm -rf {} +
mkdir -p "$output/etc" "$output/tmp"

# Every shared library the runtime's executables and libraries need, transitively (ldd resolves the whole
# tree), except the runtime's own.
find "$output/opt/java" -type f \( -name '*.so' -o -perm -u+x \) | while read -r file; do
    [ "$(head -c 4 "$file" | tr -d '\177')" = ELF ] || continue
    ldd "$file" | while read -r line; do
        case $line in
            *"=> not found"*)
                # libjvm.so, which the runtime's libraries find already loaded
                [ -n "$(find "$output/opt/java" -name "${line%% *}")" ] && continue
                fail "${line%% *}, which $file needs, is not on this machine" ;;
            *"=> "/*) library=${line#*=> } ;;
            /*) library=$line ;;
            *) continue ;;
        esac
        library=${library%% (*}
        case $library in "$output"/*) continue ;; esac
        if [ ! -e "$output$library" ]; then
            mkdir -p "$output$(dirname "$library")"
            cp -L "$library" "$output$library"
        fi
    done
done

# The C.UTF-8 locale, so that the JVM reads and writes UTF-8 (LANG=C.UTF-8 in the image).
[ -d /usr/lib/locale/C.utf8 ] || fail "this machine has no C.UTF-8 locale in /usr/lib/locale/C.utf8"
mkdir -p "$output/usr/lib/locale"
cp -R /usr/lib/locale/C.utf8 "$output/usr/lib/locale/"

cat > "$output/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
partsmith:x:$uid:$gid:partsmith:/tmp:/sbin/nologin
PASSWD
cat > "$output/etc/group" <<GROUP
root:x:0:
partsmith:x:$gid:
GROUP
# Names are looked up in these files and host names in /etc/hosts, then DNS, without NSS modules to load.
cat > "$output/etc/nsswitch.conf" <<NSS
passwd: files
group: files
hosts: files dns
NSS
