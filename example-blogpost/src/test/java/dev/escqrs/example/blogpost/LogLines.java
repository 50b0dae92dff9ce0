package dev.escqrs.example.blogpost;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records one java.util.logging logger writes while it is open, for tests that count or read log lines. */
final class LogLines implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogLines(Class<?> loggerOf) {
        this.logger = Logger.getLogger(loggerOf.getName());
        logger.addHandler(capture);
    }

    /** Captures what the logger named after {@code loggerOf} writes, until closed. */
    static LogLines of(Class<?> loggerOf) {
        return new LogLines(loggerOf);
    }

    List<LogRecord> records() {
        return records;
    }

    List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(capture);
    }
}
