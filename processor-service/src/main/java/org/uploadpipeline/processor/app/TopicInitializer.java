package org.uploadpipeline.processor.app;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.Topics;

/**
 * Creates the contract topics that do not exist yet, with their contract configs (compaction for progress and
 * aggregates). Existing topics are left as they are: in production they are declared by the platform. A missing
 * {@code uploads.commands} gets the partition count of an existing {@code uploads.jobs}, as a command must reach the
 * task reading its upload's job; when both exist with different counts, that is logged as the error it is.
 */
final class TopicInitializer {

  private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

  private TopicInitializer() {}

  static void createMissing(Admin admin, Topics topics, int partitions) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      Integer jobsPartitions = partitionsOf(admin, existing, topics.jobs());
      List<NewTopic> missing =
          topics.all().stream()
              .filter(t -> !existing.contains(t.name()))
              // -1: the broker's default replication factor.
              .map(t -> t.newTopic(
                  t.name().equals(topics.commands().name()) && jobsPartitions != null ? jobsPartitions : partitions,
                  (short) -1))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
        log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
      }
      Integer commandsPartitions = partitionsOf(admin, existing, topics.commands());
      if (jobsPartitions != null && commandsPartitions != null && !jobsPartitions.equals(commandsPartitions)) {
        log.error("{} has {} partitions but {} has {}: cancels of some uploads will not reach the task reading them; "
            + "give both the same partition count", topics.commands().name(), commandsPartitions,
            topics.jobs().name(), jobsPartitions);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("cannot create the contract topics: " + e.getCause().getMessage(), e);
      }
    }
  }

  /** The partition count of a topic that existed before, or null. */
  private static Integer partitionsOf(Admin admin, Set<String> existing, Topic<?, ?> topic)
      throws InterruptedException, ExecutionException {
    if (!existing.contains(topic.name())) {
      return null;
    }
    Map<String, TopicDescription> described = admin.describeTopics(List.of(topic.name())).allTopicNames().get();
    return described.get(topic.name()).partitions().size();
  }
}
