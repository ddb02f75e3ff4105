package org.uploadpipeline.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.uploadpipeline.protocol.KafkaAccess;
import org.uploadpipeline.protocol.KafkaClientSecurity;
import org.uploadpipeline.protocol.Topics;

/**
 * The users of a local broker started with authentication ({@link LocalStack#startWithKafkaAuthentication}): an
 * {@value #ADMIN} super user (the stack's own admin client; bootstrapped when the storage is formatted), and the
 * pipeline's principals of {@link KafkaAccess}, each with a SCRAM-SHA-512 password and exactly its ACLs. Passwords
 * are random, made once per data directory and kept in it, as the broker's storage is.
 *
 * <p>The broker then runs as Kubernetes runs it: no unauthenticated listener; clients use SASL/SCRAM over TLS
 * ({@code SASL_SSL}, trusting the broker's certificate from a PKCS12 trust store, {@link BrokerCertificate}); the
 * controller listener takes the admin by SASL/PLAIN (KRaft controllers do not take SCRAM); the authorizer denies
 * what no ACL allows.
 */
final class KafkaUsers {

  static final String ADMIN = "admin";
  private static final String MECHANISM = "SCRAM-SHA-512";
  private static final int ITERATIONS = 8192;
  private static final int PASSWORD_BYTES = 24;
  /** The entry of the TLS stores' password in the passwords file (not a user: no SCRAM credential). */
  private static final String TLS_STORES = "tls-stores";
  /** The admin, then every principal of {@link KafkaAccess}. */
  private static final List<String> USERS = Stream.concat(Stream.of(ADMIN), KafkaAccess.USERS.stream()).toList();

  private final Map<String, String> passwords;
  private final BrokerCertificate certificate;

  private KafkaUsers(Map<String, String> passwords, BrokerCertificate certificate) {
    this.passwords = Map.copyOf(passwords);
    this.certificate = certificate;
  }

  /** The passwords in {@code <dataDir>/kafka-users.properties}, created with random ones on first use. */
  static KafkaUsers load(Path dataDir) throws IOException, InterruptedException {
    Path file = dataDir.resolve("kafka-users.properties");
    if (!Files.exists(file) && Files.exists(dataDir.resolve("kafka").resolve("meta.properties"))) {
      // Its admin's SCRAM credential is put in when the storage is formatted: a plaintext one has none.
      throw new IllegalStateException("The broker in " + dataDir + " was formatted without authentication; "
          + "start the authenticating stack on another data directory");
    }
    Properties stored = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        stored.load(in);
      }
    }
    Map<String, String> passwords = new HashMap<>();
    SecureRandom random = new SecureRandom();
    List<String> entries = new ArrayList<>(USERS);
    entries.add(TLS_STORES);
    for (String user : entries) {
      String password = stored.getProperty(user);
      if (password == null) {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        // URL-safe, unpadded: no character that a JAAS string or the format tool's "[name=..,password=..]" parses.
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        stored.setProperty(user, password);
      }
      passwords.put(user, password);
    }
    try (Writer out = Files.newBufferedWriter(file)) {
      stored.store(out, "SCRAM passwords of this local broker's users");
    }
    return new KafkaUsers(passwords, BrokerCertificate.load(dataDir, passwords.get(TLS_STORES)));
  }

  /** How {@code user} connects: SASL/SCRAM-SHA-512 over TLS on the client listener. */
  KafkaClientSecurity client(String user) {
    return new KafkaClientSecurity("SASL_SSL", MECHANISM, user, password(user),
        certificate.trustStore().toString(), certificate.password(), "PKCS12", null, null, null);
  }

  /** The service's environment for {@code user}, as a k8s Deployment gets it (README, "Kafka security"). */
  Map<String, String> serviceEnv(String user) {
    return Map.of(
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "KAFKA_SASL_MECHANISM", MECHANISM,
        "KAFKA_SASL_USERNAME", user,
        "KAFKA_SASL_PASSWORD", password(user),
        "KAFKA_SSL_TRUSTSTORE_LOCATION", certificate.trustStore().toString(),
        "KAFKA_SSL_TRUSTSTORE_PASSWORD", certificate.password(),
        "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
  }

  /**
   * Writes {@code <dir>/<user>.properties} for every user: the client settings of {@link #client}, readable only by
   * this machine's user, for the Kafka tools' {@code --command-config} or any client.
   */
  void writeClientSettings(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String user : USERS) {
      Properties settings = new Properties();
      client(user).clientProperties().forEach((key, value) -> settings.setProperty(key, String.valueOf(value)));
      Path file = dir.resolve(user + ".properties");
      try (Writer out = Files.newBufferedWriter(file)) {
        settings.store(out, "Kafka client settings of user " + user + " (local stack)");
      }
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
    }
  }

  /** The format tool's arguments that put the admin's SCRAM credential into the new cluster's metadata. */
  List<String> formatArgs() {
    return List.of("--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + password(ADMIN) + "]");
  }

  /** The broker's listener and authorizer settings, in place of the plaintext ones. */
  List<String> brokerProperties(String clientListener, String controllerListener) {
    String admin = password(ADMIN);
    return List.of(
        "listeners=SASL_SSL://" + clientListener + ",CONTROLLER://" + controllerListener,
        "advertised.listeners=SASL_SSL://" + clientListener,
        "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
        "inter.broker.listener.name=SASL_SSL",
        // The broker's certificate, and as its own client (inter-broker) the trust store that holds it.
        "ssl.keystore.type=PKCS12",
        "ssl.keystore.location=" + certificate.keyStore(),
        "ssl.keystore.password=" + certificate.password(),
        "ssl.key.password=" + certificate.password(),
        "ssl.truststore.type=PKCS12",
        "ssl.truststore.location=" + certificate.trustStore(),
        "ssl.truststore.password=" + certificate.password(),
        "sasl.enabled.mechanisms=" + MECHANISM,
        "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
            + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
            + "\" password=\"" + admin + "\";",
        "sasl.mechanism.controller.protocol=PLAIN",
        "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
        "listener.name.controller.plain.sasl.jaas.config="
            + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
            + "\" password=\"" + admin + "\" user_" + ADMIN + "=\"" + admin + "\";",
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found=false",
        "super.users=User:" + ADMIN);
  }

  /**
   * Gives every pipeline principal its SCRAM credential and exactly the ACLs of {@link KafkaAccess} (idempotent: a
   * restart upserts the same credentials and finds the same bindings).
   */
  void grant(Admin admin, Topics topics, String processorApplicationId) throws InterruptedException {
    List<UserScramCredentialAlteration> credentials = new ArrayList<>();
    List<AclBinding> acls = new ArrayList<>();
    KafkaAccess.byUser(topics, processorApplicationId).forEach((user, grants) -> {
      credentials.add(new UserScramCredentialUpsertion(
          user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password(user)));
      grants.forEach(grant -> acls.addAll(grant.bindings(user)));
    });
    try {
      admin.alterUserScramCredentials(credentials).all().get();
      admin.createAcls(acls).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the Kafka users and ACLs: " + e.getCause().getMessage(), e);
    }
  }

  private String password(String user) {
    return passwords.get(user);
  }
}
