package org.uploadpipeline.processor.app;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestKafka;
import org.uploadpipeline.testkit.TestTopics;

/** The settings every processor test context shares: the test broker, topics of its own, a storage root. */
final class ProcessorTestProperties {

  private ProcessorTestProperties() {}

  static void register(DynamicPropertyRegistry registry, String name, Topics topics, Path storage) {
    registry.add("processor.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("processor.application-id", () -> TestTopics.uniqueName(name));
    registry.add("processor.state-dir", () -> storage.resolve("state").toString());
    registry.add("processor.allowed-file-roots", storage::toString);
    registry.add("processor.topics.jobs", () -> topics.jobs().name());
    registry.add("processor.topics.progress", () -> topics.progress().name());
    registry.add("processor.topics.aggregates", () -> topics.aggregates().name());
    registry.add("processor.topics.jobs-dlq", () -> topics.jobsDeadLetter().name());
    registry.add("processor.topics.commands", () -> topics.commands().name());
  }
}
