#pragma once

#include "hlc.h"

#include <QString>
#include <QVariant>

namespace lanxin {

/// One stamped field change, the unit of sync: a wire field name ("name", "tags.left_behind",
/// "created_at", "deleted"), its typed value (set members as bool, null as an invalid QVariant)
/// and the HLC stamp of the write that set it.
struct FieldWrite
{
    QString field;
    QVariant value;
    Hlc stamp;
};

} // namespace lanxin
