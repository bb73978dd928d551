#include "pagedlistmodel.h"

namespace lanxin {

PagedListModel::PagedListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void PagedListModel::setPageSize(int size)
{
    size = std::clamp(size, 1, 1000);
    if (size == m_pageSize)
        return;
    m_pageSize = size;
    emit pageSizeChanged();
}

bool PagedListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_more;
}

void PagedListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || !m_more)
        return;
    loadPage(false);
}

void PagedListModel::loadPage(bool insideReset)
{
    const int consumed = fetchPending(m_offset, m_pageSize);
    m_offset += consumed;
    m_more = consumed >= m_pageSize;
    const int n = pendingCount();
    if (insideReset || n == 0) {
        commitPending();
    } else {
        const int first = rowCount();
        beginInsertRows({}, first, first + n - 1);
        commitPending();
        endInsertRows();
    }
    if (!insideReset)
        emit countChanged();
}

void PagedListModel::reload()
{
    beginResetModel();
    clearRows();
    m_offset = 0;
    m_more = false;
    if (ready())
        loadPage(true);
    endResetModel();
    emit countChanged();
}

} // namespace lanxin
