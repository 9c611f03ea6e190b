"""Application services: eventsourcing Applications, one method per use case."""
