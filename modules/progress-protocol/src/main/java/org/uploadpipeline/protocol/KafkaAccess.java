package org.uploadpipeline.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs each principal of the pipeline needs, and nothing more: the one list that the deployments (Strimzi
 * {@code KafkaUser}s, the compose init container) and the secure test broker are checked against. Every grant is an
 * allow; what is not listed is denied by the broker's authorizer.
 *
 * <ul>
 *   <li><b>processor</b>: reads jobs and commands, writes progress, aggregates and dead letters; owns its Kafka
 *       Streams group, transactional ids and internal (changelog, repartition) topics, all prefixed by its
 *       {@code application.id}. It may not read progress or aggregates back, nor write jobs or commands.
 *   <li><b>gateway</b>: writes jobs and commands; reads progress (its snapshot store, a global table without a group)
 *       and aggregates (the demo page). It may not write progress: a forged snapshot would reach viewers.
 *   <li><b>ingestion</b>: the other systems that submit uploads by producing jobs (and cancels) to Kafka, as the
 *       contract allows: writes jobs and commands, reads nothing.
 *   <li><b>data team</b>: reads progress and aggregates in consumer groups of its own prefix; writes nothing.
 * </ul>
 */
public final class KafkaAccess {

  /** The user names of the deployments (k8s {@code KafkaUser}s, compose and the secure local broker). */
  public static final String PROCESSOR_USER = "processor";

  public static final String GATEWAY_USER = "gateway";
  public static final String INGESTION_USER = "ingestion";
  public static final String DATA_TEAM_USER = "data-team";

  /** Every principal, in the order the deployments declare them. */
  public static final List<String> USERS = List.of(PROCESSOR_USER, GATEWAY_USER, INGESTION_USER, DATA_TEAM_USER);

  /** Consumer groups of the data team start with this. */
  public static final String DATA_TEAM_GROUP_PREFIX = "analytics-";

  private static final Set<AclOperation> READ = Set.of(AclOperation.READ, AclOperation.DESCRIBE);
  private static final Set<AclOperation> WRITE = Set.of(AclOperation.WRITE, AclOperation.DESCRIBE);

  /**
   * One allowed set of operations on a resource (a literal name or a name prefix).
   *
   * @param operations never {@code ALL} except on resources the principal owns outright (its internal topics)
   */
  public record Grant(ResourceType resourceType, String name, PatternType patternType, Set<AclOperation> operations) {

    public Grant {
      operations = Set.copyOf(operations);
    }

    static Grant topic(String name, Set<AclOperation> operations) {
      return new Grant(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
    }

    /** The broker's ACL bindings for this grant to {@code User:<user>} from any host. */
    public List<AclBinding> bindings(String user) {
      ResourcePattern pattern = new ResourcePattern(resourceType, name, patternType);
      return operations.stream()
          .map(op -> new AclBinding(
              pattern, new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)))
          .toList();
    }
  }

  private KafkaAccess() {}

  /** The grants of every principal of {@link #USERS}, by user name, in that order. */
  public static Map<String, List<Grant>> byUser(Topics topics, String processorApplicationId) {
    Map<String, List<Grant>> grants = new LinkedHashMap<>();
    grants.put(PROCESSOR_USER, processor(topics, processorApplicationId));
    grants.put(GATEWAY_USER, gateway(topics));
    grants.put(INGESTION_USER, ingestion(topics));
    grants.put(DATA_TEAM_USER, dataTeam(topics));
    return grants;
  }

  /** The processor's grants, for its Kafka Streams {@code application.id}. */
  public static List<Grant> processor(Topics topics, String applicationId) {
    return List.of(
        Grant.topic(topics.jobs().name(), READ),
        Grant.topic(topics.commands().name(), READ),
        Grant.topic(topics.progress().name(), WRITE),
        Grant.topic(topics.aggregates().name(), WRITE),
        Grant.topic(topics.jobsDeadLetter().name(), WRITE),
        // Changelog and repartition topics: created, read, written, purged and deleted by Kafka Streams itself.
        new Grant(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, Set.of(AclOperation.ALL)),
        new Grant(ResourceType.GROUP, applicationId, PatternType.LITERAL, READ),
        // Exactly-once: one transactional id per stream thread, "<application.id>-<process id>-<thread>".
        new Grant(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, WRITE));
  }

  /** The gateway's grants. */
  public static List<Grant> gateway(Topics topics) {
    return List.of(
        Grant.topic(topics.jobs().name(), WRITE),
        Grant.topic(topics.commands().name(), WRITE),
        Grant.topic(topics.progress().name(), READ),
        Grant.topic(topics.aggregates().name(), READ));
  }

  /** The write-only grants of systems that produce upload jobs and commands themselves. */
  public static List<Grant> ingestion(Topics topics) {
    return List.of(Grant.topic(topics.jobs().name(), WRITE), Grant.topic(topics.commands().name(), WRITE));
  }

  /** The read-only grants of the data team. */
  public static List<Grant> dataTeam(Topics topics) {
    return List.of(
        Grant.topic(topics.progress().name(), READ),
        Grant.topic(topics.aggregates().name(), READ),
        new Grant(ResourceType.GROUP, DATA_TEAM_GROUP_PREFIX, PatternType.PREFIXED, READ));
  }
}
