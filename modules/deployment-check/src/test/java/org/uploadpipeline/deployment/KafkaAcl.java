package org.uploadpipeline.deployment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.uploadpipeline.protocol.KafkaAccess;
import org.uploadpipeline.protocol.Topics;

/**
 * One allowed operation of a user on a resource pattern, spelled as Kafka's enums ({@code TOPIC}, {@code PREFIXED},
 * {@code READ}), whatever the deployment file spells it: the unit in which deployments are compared to
 * {@link KafkaAccess}.
 */
record KafkaAcl(String user, String resourceType, String name, String patternType, String operation) {

  @Override
  public String toString() {
    return user + ": " + operation + " " + resourceType + " " + name + " (" + patternType + ")";
  }

  /** Every ACL of {@link KafkaAccess}, for the topic names and processor application.id a deployment uses. */
  static Set<KafkaAcl> expected(Topics topics, String processorApplicationId) {
    Set<KafkaAcl> acls = new LinkedHashSet<>();
    KafkaAccess.byUser(topics, processorApplicationId).forEach((user, grants) -> add(acls, user, grants));
    return acls;
  }

  /** The ACLs of one user (of {@link #expected}). */
  static Set<KafkaAcl> ofUser(Set<KafkaAcl> acls, String user) {
    Set<KafkaAcl> mine = new LinkedHashSet<>();
    acls.stream().filter(a -> a.user().equals(user)).forEach(mine::add);
    return mine;
  }

  /** The topic names a deployment configures (TOPIC_* variables; unset: the contract default). */
  static Topics topics(Map<String, String> env) {
    return Topics.named(
        env.getOrDefault("TOPIC_JOBS", Topics.DEFAULT_JOBS),
        env.getOrDefault("TOPIC_PROGRESS", Topics.DEFAULT_PROGRESS),
        env.getOrDefault("TOPIC_AGGREGATES", Topics.DEFAULT_AGGREGATES),
        env.getOrDefault("TOPIC_JOBS_DLQ", Topics.DEFAULT_JOBS_DEAD_LETTER),
        env.getOrDefault("TOPIC_COMMANDS", Topics.DEFAULT_COMMANDS));
  }

  private static void add(Set<KafkaAcl> acls, String user, List<KafkaAccess.Grant> grants) {
    for (KafkaAccess.Grant grant : grants) {
      for (AclOperation operation : grant.operations()) {
        acls.add(new KafkaAcl(
            user, grant.resourceType().name(), grant.name(), grant.patternType().name(), operation.name()));
      }
    }
  }

  /** "transactionalId", "transactional-id", "IdempotentWrite" → "TRANSACTIONAL_ID", "IDEMPOTENT_WRITE". */
  static String enumName(String spelled) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < spelled.length(); i++) {
      char c = spelled.charAt(i);
      if (c == '-') {
        name.append('_');
      } else {
        if (Character.isUpperCase(c) && i > 0 && spelled.charAt(i - 1) != '-') {
          name.append('_');
        }
        name.append(c);
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }

  /** Strimzi's {@code patternType}: literal or prefix. */
  static String strimziPattern(String spelled) {
    String pattern = spelled == null ? "literal" : spelled;
    return pattern.equals("prefix") ? "PREFIXED" : enumName(pattern);
  }
}
