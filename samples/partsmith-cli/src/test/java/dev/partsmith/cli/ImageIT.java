package dev.partsmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/**
 * The CLI's image as {@code mvn package} writes it ({@code target/partsmith-cli-image.tar}, a tarball for
 * {@code docker load}): its configuration and layers, then the image run without a container engine, against the test
 * database. For the runs, the layers are unpacked into a directory that becomes the entrypoint's root directory; the
 * entrypoint runs as the image's user, in mount and PID namespaces of its own with /proc and the devices a container
 * runtime provides, and the Kubernetes CronJob's ConfigMap and Secret stand in as the mounted file and the environment.
 *
 * <p>As root (CI), the entrypoint starts through {@code chroot --userspec}, so it runs as the image's user on files that
 * root owns, as in a container with a read-only root file system and a writable /tmp. As another user, a user namespace
 * maps that user to the image's user and {@code unshare --root} changes the root: the files are then the process's own,
 * so that run cannot tell a read-only file from a writable one. Where the machine allows no namespaces at all, the runs
 * are skipped and say why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir(factory = BuildDirectory.class)
    static Path dir;

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String USER = "65532:65532";

    static final Pattern KUBERNETES_VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static JsonNode manifest;

    static JsonNode config;

    static final List<Layer> layers = new ArrayList<>();

    static Map<String, Object> cronJobContainer;

    static Map<String, Object> podSpec;

    static Map<String, String> configMap;

    static Path rootfs;

    static Container container;

    /** Why there is no image to check, or {@code null}. */
    static final String NO_IMAGE = Boolean.getBoolean("partsmith.image.skip") ? "-Djib.skip: the build made no image"
            : System.getProperty("partsmith.image.classpath") == null
                    ? "-Djib.from.image: the image is built on that base image; this test checks the self-contained image the build makes without it"
                    : null;

    @BeforeAll
    static void readImageAndCronJob() throws IOException {
        if (NO_IMAGE != null) {
            return;
        }
        Path tarball = Path.of(System.getProperty("partsmith.image.tar", "target/partsmith-cli-image.tar"));
        assertThat(tarball).as("the image tarball mvn package writes").isRegularFile();
        try (TarFile tar = new TarFile(tarball)) {
            Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
            tar.getEntries().forEach(entry -> entries.put(entry.getName(), entry));
            manifest = JSON.readTree(tar.getInputStream(entries.get("manifest.json")).readAllBytes()).get(0);
            config = JSON.readTree(tar.getInputStream(entries.get(manifest.get("Config").asString())).readAllBytes());
            for (JsonNode name : manifest.get("Layers")) {
                Path blob = dir.resolve(name.asString());
                try (InputStream in = tar.getInputStream(entries.get(name.asString()))) {
                    Files.copy(in, blob);
                }
                layers.add(Layer.read(blob));
            }
        }

        List<Object> documents = new ArrayList<>();
        new Yaml().loadAll(Files.readString(Path.of("k8s", "cronjob.yaml"))).forEach(documents::add);
        configMap = child(documents.get(0), "data");
        podSpec = child(documents.get(1), "spec", "jobTemplate", "spec", "template", "spec");
        cronJobContainer = ImageIT.<Map<String, Object>>list(podSpec, "containers").get(0);
    }

    @BeforeEach
    void anImageWasBuilt() {
        assumeTrue(NO_IMAGE == null, NO_IMAGE);
    }

    @Test
    @Order(1)
    void theEntrypointIsTheCliAndTheUserIsNumericAndNotRoot() {
        JsonNode runConfig = config.get("config");
        assertThat(strings(runConfig.get("Entrypoint"))).containsExactly("java", "-XX:TieredStopAtLevel=1", "-cp", "@/app/jib-classpath-file",
                PartsmithCli.class.getName());
        assertThat(runConfig.get("User").asString()).isEqualTo(USER);
        assertThat(strings(runConfig.get("Env"))).contains("PATH=/opt/java/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8");
        assertThat(config.get("os").asString()).isEqualTo("linux");
        assertThat(config.get("architecture").asString()).as("the architecture of the JDK the runtime was linked from")
                .isEqualTo(System.getProperty("os.arch").equals("aarch64") ? "arm64" : System.getProperty("os.arch"));
        assertThat(strings(manifest.get("RepoTags"))).singleElement().asString().startsWith("partsmith-cli:");
    }

    @Test
    @Order(2)
    void theLayersHoldAJavaRuntimeWithItsSharedLibrariesTheCliAndItsRuntimeDependenciesOnly() throws IOException {
        Layer runtime = layer("/opt/java/bin/java");
        assertThat(runtime.mode("/opt/java/bin/java")).isEqualTo(0755);
        String loader = elfInterpreter(runtime.content("/opt/java/bin/java"));
        assertThat(runtime.mode(loader)).as("the dynamic loader %s, which the kernel starts java with", loader).isEqualTo(0755);
        assertThat(runtime.text("/opt/java/release")).contains("java.sql", "java.desktop", "jdk.crypto.ec");
        assertThat(runtime.paths()).as("the runtime's class data sharing archive").contains("/opt/java/lib/server/classes.jsa");
        assertThat(runtime.paths()).as("the runtime without AWT's native libraries").noneMatch(path -> path.endsWith("/libawt.so"));
        assertThat(runtime.mode("/tmp")).isEqualTo(0777);
        assertThat(runtime.text("/etc/passwd")).contains("\npartsmith:x:" + USER + ":");

        List<String> dependencies = Stream.of(Files.readString(Path.of(System.getProperty("partsmith.image.classpath"))).strip().split(":"))
                .map(jar -> "/app/libs/" + Path.of(jar).getFileName()).toList();
        List<String> libs = layers.stream().flatMap(layer -> layer.paths().stream()).filter(path -> path.startsWith("/app/libs/")).toList();
        assertThat(libs).as("the CLI's runtime dependencies").containsExactlyInAnyOrderElementsOf(dependencies)
                .anyMatch(path -> path.startsWith("/app/libs/partsmith-spring-boot-autoconfigure-"))
                .anyMatch(path -> path.startsWith("/app/libs/postgresql-"))
                .noneMatch(path -> path.contains("junit") || path.contains("partsmith-test-support") || path.contains("assertj"));

        int classes = layers.indexOf(layer("/app/classes/dev/partsmith/cli/PartsmithCli.class"));
        assertThat(layers.get(classes).paths()).as("the CLI's classes in a layer of their own")
                .allMatch(path -> path.equals("/app") || path.startsWith("/app/classes"));
        assertThat(classes).as("the classes' layer above every dependency's")
                .isGreaterThan(dependencies.stream().mapToInt(jar -> layers.indexOf(layer(jar))).max().orElseThrow());
        assertThat(layer("/app/resources/logback.xml").text("/app/resources/logback.xml")).contains("System.err");
        assertThat(layer("/app/jib-classpath-file").text("/app/jib-classpath-file").strip().split(":")).startsWith("/app/resources", "/app/classes")
                .containsAll(dependencies);
    }

    @Test
    @Order(3)
    void theCronJobRunsTheImageAsItsUserWithTheConfigMapMountedAndAWritableTmp() {
        assertThat((String) cronJobContainer.get("image")).as("the image's name, pushed to a registry").contains("/partsmith-cli:");
        assertThat(child(podSpec, "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat(child(cronJobContainer, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(volumeAt("/tmp")).containsKey("emptyDir");
        assertThat(volumeAt("/etc/partsmith")).containsKey("configMap");
        assertThat(list(cronJobContainer, "args")).containsSubsequence("--config", "/etc/partsmith/tables.yml");
        assertThat(configMap).containsKey("tables.yml");
    }

    @Test
    @Order(4)
    void theCronJobsApplyCreatesThePartitionsWithTheDatabaseUrlFromItsSecret() throws Exception {
        db.jdbc().execute("""
                CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, payload text) PARTITION BY RANGE (created_at);
                CREATE TABLE audit_log (id bigint NOT NULL, logged_at timestamptz NOT NULL) PARTITION BY RANGE (logged_at);
                """);
        Container container = container();
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + URLEncoder.encode(db.user(), StandardCharsets.UTF_8)
                + Optional.ofNullable(db.password()).filter(password -> !password.isEmpty())
                        .map(password -> "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)).orElse("");

        Run run = container.runCronJob(Map.of("partsmith-db/url", url));

        assertThat(run.exitCode).as(run.err).isEqualTo(PartsmithCli.OK);
        JsonNode report = JSON.readTree(run.out);
        assertThat(report.get("command").asString()).isEqualTo("apply");
        assertThat(report.get("tables")).extracting(table -> table.get("key").asString() + " " + table.get("outcome").asString() + " "
                + table.get("created").asInt()).containsExactly("events success 3", "audit-log success 7");
        assertThat(partitions("events")).hasSize(3);
        assertThat(partitions("audit_log")).hasSize(7);
        container.assertWroteOnlyToTmp();
    }

    @Test
    @Order(5)
    void statusTakesTheDatabaseFromSpringDatasourceVariables() throws Exception {
        Run run = container().run(Map.of("SPRING_DATASOURCE_URL", db.jdbcUrl(), "SPRING_DATASOURCE_USERNAME", db.user(),
                "SPRING_DATASOURCE_PASSWORD", Optional.ofNullable(db.password()).orElse("")), "status", "--config", "/etc/partsmith/tables.yml");

        assertThat(run.exitCode).as(run.err).isEqualTo(PartsmithCli.OK);
        assertThat(run.out).contains("events (public.events): month, create-ahead 3, retention 12, drop-grace PT168H",
                "audit-log (public.audit_log): day, create-ahead 7, retention 30, drop-grace PT24H");
        assertThat(run.out.lines().filter(line -> line.startsWith("  runway ") && line.endsWith(": OK"))).hasSize(2);
    }

    @Test
    @Order(6)
    void aTableThatFailsIsExitCodeOne() throws Exception {
        Container container = container();
        container.mount("/etc/partsmith/missing.yml", """
                tables:
                  missing:
                    partition-column: created_at
                    granularity: month
                """);

        Run run = container.run(Map.of(), "status", "--config", "/etc/partsmith/missing.yml", "--db-url", db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + Optional.ofNullable(db.password()).orElse(""));

        assertThat(run.exitCode).as(run.err).isEqualTo(PartsmithCli.FAILED);
        assertThat(run.out).startsWith("missing (public.missing): month");
    }

    @Test
    @Order(7)
    void aBadConfigurationIsExitCodeTwoAndItsMessageKeepsTheFilesCharacters() throws Exception {
        Container container = container();
        container.mount("/etc/partsmith/bad.yml", """
                tables:
                  events:
                    partition-column: created_at
                    granularity: vierzehntägig
                """);

        Run run = container.run(Map.of("SPRING_DATASOURCE_URL", db.jdbcUrl()), "apply", "--config", "/etc/partsmith/bad.yml");

        assertThat(run.exitCode).isEqualTo(PartsmithCli.BAD_USAGE);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("partsmith.tables.events.granularity", "vierzehntägig");
        assertThat(partitions("events")).hasSize(3);
    }

    private static List<String> partitions(String parent) {
        return new TestCatalog(db.dataSource()).partitions(parent);
    }

    private static Map<String, Object> volumeAt(String mountPath) {
        Map<String, Object> mount = list(cronJobContainer, "volumeMounts").stream().map(ImageIT::map)
                .filter(candidate -> mountPath.equals(candidate.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("the CronJob's container mounts nothing at " + mountPath));
        return list(podSpec, "volumes").stream().map(ImageIT::map).filter(volume -> volume.get("name").equals(mount.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("the CronJob has no volume " + mount.get("name")));
    }

    /** The image unpacked, and how this machine starts its entrypoint; made once, for the first run. */
    private static Container container() throws IOException, InterruptedException {
        if (container == null) {
            container = Container.create(dir.resolve("rootfs"));
        }
        assumeTrue(container.unavailable == null, () -> "this machine cannot run the image: " + container.unavailable);
        return container;
    }

    /** The layer that holds {@code path}. */
    private static Layer layer(String path) {
        return layers.stream().filter(layer -> layer.entries.containsKey(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no layer of the image holds " + path));
    }

    /** The program interpreter an ELF executable names: the dynamic loader the kernel starts it with. */
    private static String elfInterpreter(byte[] elf) {
        assertThat(new String(elf, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        assertThat(elf[4]).as("64-bit").isEqualTo((byte) 2);
        // ELF64: the program headers' offset at 0x20, their size at 0x36 and count at 0x38; a PT_INTERP (3) header
        // gives the path's offset at 0x08 and its length, the closing NUL included, at 0x20
        ByteBuffer header = ByteBuffer.wrap(elf).order(elf[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long programHeaders = header.getLong(0x20);
        int size = header.getShort(0x36);
        for (int i = 0; i < header.getShort(0x38); i++) {
            int entry = (int) programHeaders + i * size;
            if (header.getInt(entry) == 3) {
                return new String(elf, (int) header.getLong(entry + 0x08), (int) header.getLong(entry + 0x20) - 1, StandardCharsets.US_ASCII);
            }
        }
        throw new AssertionError("the executable names no interpreter");
    }

    private static List<String> strings(JsonNode array) {
        return array.values().stream().map(JsonNode::asString).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return (Map<String, Object>) yaml;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> child(Object yaml, String... path) {
        Map<String, Object> node = map(yaml);
        for (String key : path) {
            node = map(node.get(key));
        }
        return (Map<String, T>) node;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> yaml, String key) {
        return (List<T>) yaml.get(key);
    }

    /** One layer's entries, by absolute path in the image. */
    private record Layer(Path blob, Map<String, TarArchiveEntry> entries) {

        static Layer read(Path blob) throws IOException {
            Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
            try (TarArchiveInputStream in = open(blob)) {
                for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    entries.put(path(entry), entry);
                }
            }
            return new Layer(blob, entries);
        }

        Set<String> paths() {
            return entries.keySet();
        }

        int mode(String path) {
            return entries.get(path).getMode() & 07777;
        }

        byte[] content(String path) throws IOException {
            try (TarArchiveInputStream in = open(blob)) {
                for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (path(entry).equals(path)) {
                        return in.readAllBytes();
                    }
                }
            }
            throw new AssertionError("the layer has no " + path);
        }

        String text(String path) throws IOException {
            return new String(content(path), StandardCharsets.UTF_8);
        }

        /** Writes the layer's files and directories under {@code root}, with their modes. */
        void unpack(Path root) throws IOException {
            try (TarArchiveInputStream in = open(blob)) {
                for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    Path target = root.resolve(path(entry).substring(1));
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    }
                    else {
                        assertThat(entry.isFile()).as("%s is a regular file (links and whiteouts are not unpacked here)", path(entry)).isTrue();
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target);
                    }
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }

        private static TarArchiveInputStream open(Path blob) throws IOException {
            return new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(blob)));
        }

        private static String path(TarArchiveEntry entry) {
            String name = entry.getName().replaceAll("/+$", "");
            return name.startsWith("/") ? name : "/" + name;
        }

        private static Set<PosixFilePermission> permissions(int mode) {
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] bits = PosixFilePermission.values();
            for (int bit = 0; bit < 9; bit++) {
                if ((mode & (0400 >> bit)) != 0) {
                    permissions.add(bits[bit]);
                }
            }
            return permissions;
        }
    }

    /**
     * The image's layers unpacked under {@code rootfs}, started the way a container runtime would start it (without its
     * isolation beyond mount and PID namespaces): root directory, user, environment, entrypoint.
     */
    private static final class Container {

        /** As root: the host's devices bound in, then chroot as the image's user. */
        private static final String AS_ROOT = """
                mount=$1 chroot=$2 root=$3 user=$4; shift 4
                for device in null zero random urandom; do "$mount" --bind "/dev/$device" "$root/dev/$device"; done
                exec "$chroot" --userspec="$user" "$root" "$@"
                """;

        /** As another user, mapped to root in the outer user namespace: the devices, then the image's user in an inner one. */
        private static final String AS_USER = """
                mount=$1 unshare=$2 root=$3 uid=$4 gid=$5; shift 5
                for device in null zero random urandom; do "$mount" --bind "/dev/$device" "$root/dev/$device"; done
                exec "$unshare" --user --map-user="$uid" --map-group="$gid" --root="$root" "$@"
                """;

        private final Path rootfs;
        private final boolean root;
        private final List<String> start;
        private final String unavailable;

        private Container(Path rootfs, boolean root, List<String> start, String unavailable) {
            this.rootfs = rootfs;
            this.root = root;
            this.start = start;
            this.unavailable = unavailable;
        }

        static Container create(Path rootfs) throws IOException, InterruptedException {
            for (Layer layer : layers) {
                layer.unpack(rootfs);
            }
            Files.createDirectories(rootfs.resolve("proc"));
            Files.createDirectories(rootfs.resolve("dev"));
            for (String device : List.of("null", "zero", "random", "urandom")) {
                Files.createFile(rootfs.resolve("dev").resolve(device));
            }
            for (String file : List.of("hosts", "resolv.conf")) {
                if (Files.isRegularFile(Path.of("/etc", file))) {
                    Files.copy(Path.of("/etc", file), rootfs.resolve("etc").resolve(file));
                }
            }
            Files.createDirectories(rootfs.resolve("etc/partsmith"));
            for (Map.Entry<String, String> file : configMap.entrySet()) {
                Files.writeString(rootfs.resolve("etc/partsmith").resolve(file.getKey()), file.getValue());
            }

            if (!System.getProperty("os.name").equals("Linux")) {
                return new Container(rootfs, false, List.of(), "namespaces are Linux's; this is " + System.getProperty("os.name"));
            }
            Optional<String> unshare = hostTool("unshare");
            Optional<String> mount = hostTool("mount");
            Optional<String> shell = hostTool("sh");
            Optional<String> chroot = hostTool("chroot");
            if (unshare.isEmpty() || mount.isEmpty() || shell.isEmpty() || chroot.isEmpty()) {
                return new Container(rootfs, false, List.of(), "it lacks unshare, mount, sh or chroot (util-linux, coreutils)");
            }
            boolean root = Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
            List<String> namespaces = new ArrayList<>(List.of(unshare.get()));
            if (!root) {
                namespaces.addAll(List.of("--user", "--map-root-user"));
            }
            namespaces.addAll(List.of("--mount", "--pid", "--fork", "--kill-child"));
            ProcessBuilder probe = new ProcessBuilder(new ArrayList<>(namespaces)).redirectErrorStream(true);
            probe.command().add(hostTool("true").orElse("/bin/true"));
            Process process = probe.start();
            String probeOutput = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                return new Container(rootfs, root, List.of(), String.join(" ", probe.command()) + " failed: " + probeOutput.strip());
            }

            List<String> start = new ArrayList<>(namespaces);
            start.add("--mount-proc=" + rootfs.resolve("proc"));
            String[] user = USER.split(":");
            if (root) {
                start.addAll(List.of(shell.get(), "-c", AS_ROOT, "sh", mount.get(), chroot.get(), rootfs.toString(), USER));
            }
            else {
                start.addAll(List.of(shell.get(), "-c", AS_USER, "sh", mount.get(), unshare.get(), rootfs.toString(), user[0], user[1]));
            }
            start.addAll(strings(config.get("config").get("Entrypoint")));
            return new Container(rootfs, root, start, null);
        }

        /** Writes a file where the container sees it at {@code path}, as a mounted ConfigMap would. */
        void mount(String path, String content) throws IOException {
            Files.writeString(rootfs.resolve(path.substring(1)), content);
        }

        /** Runs the CronJob's container: its args and env, the Secret's keys from {@code secrets} ("name/key"). */
        Run runCronJob(Map<String, String> secrets) throws IOException, InterruptedException {
            Map<String, String> environment = new LinkedHashMap<>();
            for (Map<String, Object> variable : ImageIT.<Map<String, Object>>list(cronJobContainer, "env")) {
                String name = (String) variable.get("name");
                if (variable.containsKey("value")) {
                    environment.put(name, (String) variable.get("value"));
                }
                else {
                    Map<String, String> secret = child(variable, "valueFrom", "secretKeyRef");
                    String value = secrets.get(secret.get("name") + "/" + secret.get("key"));
                    assertThat(value).as("the Secret key %s/%s", secret.get("name"), secret.get("key")).isNotNull();
                    environment.put(name, value);
                }
            }
            List<String> args = ImageIT.<String>list(cronJobContainer, "args").stream().map(arg -> expand(arg, environment)).toList();
            return run(environment, args.toArray(String[]::new));
        }

        /** Runs the entrypoint with {@code args}, with the image's environment and {@code environment}; nothing else of this process's. */
        Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(start));
            builder.command().addAll(List.of(args));
            builder.environment().clear();
            for (String variable : strings(config.get("config").get("Env"))) {
                builder.environment().put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
            }
            builder.environment().putAll(environment);
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                fail("the image's entrypoint did not end in 3 minutes: " + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }

        /** As root, every file the image's user owns is under /tmp: the rest of the root file system may as well be read-only. */
        void assertWroteOnlyToTmp() throws IOException {
            if (!root) {
                return;
            }
            int uid = Integer.parseInt(USER.split(":")[0]);
            List<String> written;
            try (Stream<Path> files = Files.walk(rootfs)) {
                written = files.filter(file -> owner(file) == uid).map(file -> "/" + rootfs.relativize(file)).toList();
            }
            assertThat(written).as("the JVM's performance data, as the image's user").contains("/tmp/hsperfdata_partsmith")
                    .allMatch(file -> file.startsWith("/tmp/"));
        }

        private static int owner(Path file) {
            try {
                return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** Kubernetes' $(NAME) in args: the container's environment variable. */
        private static String expand(String arg, Map<String, String> environment) {
            Matcher matcher = KUBERNETES_VARIABLE.matcher(arg);
            return matcher.replaceAll(match -> Matcher.quoteReplacement(environment.getOrDefault(match.group(1), match.group())));
        }

        private static Optional<String> hostTool(String name) {
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/usr/bin:/sbin:/bin";
            return Stream.of(path.split(":")).filter(directory -> !directory.isEmpty()).map(directory -> Path.of(directory, name))
                    .filter(Files::isExecutable).map(Path::toString).findFirst();
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Temporary files under target/ rather than /tmp, which may be mounted noexec: the image's java runs from there. */
    static final class BuildDirectory implements TempDirFactory {

        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "image-it");
        }
    }
}
