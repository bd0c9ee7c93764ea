package io.executions.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code executions.*} settings of the engine a Spring Boot host embeds. Every field has the library's
 * default; {@link ExecutionsAutoConfiguration} checks them before the engine starts and fails the start naming
 * the property that is wrong.
 */
@ConfigurationProperties(prefix = "executions")
public class ExecutionsProperties {
    /** Whether the engine and its beans are created at all. */
    private boolean enabled = true;
    /** The instance the host's hooks act in when the host has a single tenant. */
    private String instance = "default";
    /** This process's id in delivery claims and thread names; a random UUID when empty. */
    private String nodeId;
    private final Storage storage = new Storage();
    private final Catalog catalog = new Catalog();
    private final Limits limits = new Limits();
    private final LockOutGuard lockOutGuard = new LockOutGuard();
    private final Dispatch dispatch = new Dispatch();
    private final Delivery delivery = new Delivery();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getInstance() {
        return instance;
    }

    public void setInstance(String instance) {
        this.instance = instance;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public Storage getStorage() {
        return storage;
    }

    public Catalog getCatalog() {
        return catalog;
    }

    public Limits getLimits() {
        return limits;
    }

    public LockOutGuard getLockOutGuard() {
        return lockOutGuard;
    }

    public Dispatch getDispatch() {
        return dispatch;
    }

    public Delivery getDelivery() {
        return delivery;
    }

    /** Where the events are stored. */
    public enum StorageType {
        /** In memory, lost at shutdown: tests and demos. */
        MEMORY,
        /** An embedded H2 file at {@code executions.storage.path}. */
        H2,
        /** A PostgreSQL database at {@code executions.storage.url}. */
        POSTGRESQL,
        /** The host's own {@code DataSource} bean (PostgreSQL, or H2 in PostgreSQL mode); enables the transactional outbox. */
        DATASOURCE
    }

    public static class Storage {
        /** memory, h2, postgresql or datasource (the host's DataSource bean). */
        private StorageType type = StorageType.H2;
        /** The H2 file (without .mv.db). */
        private Path path = Path.of("./data/executions");
        /** JDBC URL of a postgresql store (jdbc:postgresql://host/db). */
        private String url;
        /** User of a postgresql store. */
        private String user;
        /** Password of a postgresql store. */
        private String password;

        public StorageType getType() {
            return type;
        }

        public void setType(StorageType type) {
            this.type = type;
        }

        public Path getPath() {
            return path;
        }

        public void setPath(Path path) {
            this.path = path;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** What the host offers to executions: its services and methods, event types and functions. */
    public static class Catalog {
        /** Service name to its method names, e.g. spring.authorization.v1.OAuth2Service: [Token, Authorize]. */
        private Map<String, List<String>> services = new LinkedHashMap<>();
        /** Event types the host publishes, e.g. user.human.added. */
        private List<String> events = new ArrayList<>();
        /** Function names the host runs, e.g. preaccesstoken, preuserinfo. */
        private List<String> functions = new ArrayList<>();

        public Map<String, List<String>> getServices() {
            return services;
        }

        public void setServices(Map<String, List<String>> services) {
            this.services = services;
        }

        public List<String> getEvents() {
            return events;
        }

        public void setEvents(List<String> events) {
            this.events = events;
        }

        public List<String> getFunctions() {
            return functions;
        }

        public void setFunctions(List<String> functions) {
            this.functions = functions;
        }
    }

    public static class Limits {
        /** The deepest chain of includes (1..20). */
        private int maxIncludeDepth = 3;
        /** The most entries in one execution's list (1..1000). */
        private int maxEntries = 100;

        public int getMaxIncludeDepth() {
            return maxIncludeDepth;
        }

        public void setMaxIncludeDepth(int maxIncludeDepth) {
            this.maxIncludeDepth = maxIncludeDepth;
        }

        public int getMaxEntries() {
            return maxEntries;
        }

        public void setMaxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
        }
    }

    /** Calls of the executions admin API itself resolve to nothing unless opted in (no lock-out). */
    public static class LockOutGuard {
        /** The services guarded; empty: the library's default (the ActionService v2beta and v2). */
        private List<String> services = new ArrayList<>();
        /** Whether executions may run on the guarded services after all. */
        private boolean optIn;

        public List<String> getServices() {
            return services;
        }

        public void setServices(List<String> services) {
            this.services = services;
        }

        public boolean isOptIn() {
            return optIn;
        }

        public void setOptIn(boolean optIn) {
            this.optIn = optIn;
        }
    }

    public static class Dispatch {
        /**
         * CIDR blocks, addresses and host names no target may call; unset: the default list (loopback and
         * private ranges); an empty value allows every address.
         */
        private List<String> denyList;
        /**
         * Base64 of 32 bytes that encrypts targets' signing keys at rest; unset: the environment variable
         * EXECUTIONS_KEY_ENCRYPTION_KEY, else a fresh key (memory), a key kept beside the H2 file, or
         * plaintext with a warning (postgresql, datasource).
         */
        private String keyEncryptionKey;
        /** The private RSA JWK that signs JWT payloads; unset: a key made at every start. */
        private String jwtKey;
        /** How many restAsync calls may be in flight when delivery is off (1..100000). */
        private int maxAsyncInFlight = 256;

        public List<String> getDenyList() {
            return denyList;
        }

        public void setDenyList(List<String> denyList) {
            this.denyList = denyList;
        }

        public String getKeyEncryptionKey() {
            return keyEncryptionKey;
        }

        public void setKeyEncryptionKey(String keyEncryptionKey) {
            this.keyEncryptionKey = keyEncryptionKey;
        }

        public String getJwtKey() {
            return jwtKey;
        }

        public void setJwtKey(String jwtKey) {
            this.jwtKey = jwtKey;
        }

        public int getMaxAsyncInFlight() {
            return maxAsyncInFlight;
        }

        public void setMaxAsyncInFlight(int maxAsyncInFlight) {
            this.maxAsyncInFlight = maxAsyncInFlight;
        }
    }

    /** Host events and durable delivery (docs/delivery.md). */
    public static class Delivery {
        /** Whether host events can be published and restAsync targets take the durable path. */
        private boolean enabled = true;
        /** Whether this process runs a delivery worker (false: store only, another process delivers). */
        private boolean worker = true;
        private int maxAttempts = 10;
        private Duration initialBackoff = Duration.ofSeconds(10);
        private Duration maxBackoff = Duration.ofSeconds(900);
        /** Unset: no maximum age. */
        private Duration maxAge;
        private int concurrency = 8;
        /** How long a claimed delivery stays reserved; longer than the longest target timeout. */
        private Duration lease = Duration.ofSeconds(300);
        private Duration pollInterval = Duration.ofMillis(500);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isWorker() {
            return worker;
        }

        public void setWorker(boolean worker) {
            this.worker = worker;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }
}
