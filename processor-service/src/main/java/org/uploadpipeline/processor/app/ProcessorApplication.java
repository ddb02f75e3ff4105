package org.uploadpipeline.processor.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The processor service: upload jobs in, progress snapshots and aggregates out, through Kafka Streams. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProcessorApplication {

  public static void main(String[] args) {
    SpringApplication.run(ProcessorApplication.class, args);
  }
}
