#pragma once

#include <QList>
#include <QQuickItem>
#include <QString>

namespace lanxin {

/// The first visible item named `name` under `root`, breadth first, through the item tree (which,
/// unlike the QObject tree, also holds Repeater and Loader delegates). For automation: screenshots,
/// benchmarks and tests that press a control the way a person would.
inline QQuickItem *findVisibleItem(QQuickItem *root, const QString &name)
{
    QList<QQuickItem *> queue{root};
    while (!queue.isEmpty()) {
        QQuickItem *item = queue.takeFirst();
        if (item->objectName() == name && item->isVisible())
            return item;
        queue << item->childItems();
    }
    return nullptr;
}

} // namespace lanxin
