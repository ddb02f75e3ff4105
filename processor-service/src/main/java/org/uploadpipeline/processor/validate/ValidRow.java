package org.uploadpipeline.processor.validate;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A row that passed every row rule. */
record ValidRow(LocalDate date, String product, BigDecimal quantity, BigDecimal amount) {}
