"""The stakeholder map canvas: painted cards and lines on a QGraphicsScene, a coverage panel,
and the map rendered to PNG for documents."""
