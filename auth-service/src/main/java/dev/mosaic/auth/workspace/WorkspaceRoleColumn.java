package dev.mosaic.auth.workspace;

import dev.mosaic.shared.workspace.WorkspaceRole;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Roles are stored as on the wire, in lower case (the CHECK constraint of V7 lists them). */
@Converter
public class WorkspaceRoleColumn implements AttributeConverter<WorkspaceRole, String> {
    @Override
    public String convertToDatabaseColumn(WorkspaceRole role) {
        return role == null ? null : role.wire();
    }

    @Override
    public WorkspaceRole convertToEntityAttribute(String column) {
        return column == null ? null : WorkspaceRole.fromWire(column);
    }
}
