#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QQmlParserStatus>

namespace lanxin {

/// The base of every list in the app: rows come from a repository a page at a time
/// (canFetchMore/fetchMore), so a list over 100,000 records only ever holds what was scrolled to.
/// Subclasses keep their rows in a list of plain structs and implement fetchPending() (read one page,
/// keep it aside) and commitPending() (append it).
class PagedListModel : public QAbstractListModel, public QQmlParserStatus
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
    Q_PROPERTY(bool hasMore READ hasMore NOTIFY countChanged)

public:
    explicit PagedListModel(QObject *parent = nullptr);

    [[nodiscard]] int count() const { return rowCount(); }
    [[nodiscard]] int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    [[nodiscard]] bool hasMore() const { return m_more; }

    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    /// Drops the rows and reads the first page again (a model reset).
    Q_INVOKABLE void reload();

    // Made in QML: the first page is read once every property is set.
    void classBegin() override { m_deferred = true; }
    void componentComplete() override
    {
        m_deferred = false;
        reload();
    }

signals:
    void countChanged();
    void pageSizeChanged();

protected:
    /// Reads the page starting at source row `offset` (at most `limit` source rows) and keeps the
    /// rows aside; returns how many source rows it consumed (may differ from the rows kept).
    virtual int fetchPending(int offset, int limit) = 0;
    [[nodiscard]] virtual int pendingCount() const = 0;
    virtual void commitPending() = 0;
    virtual void clearRows() = 0;
    /// Whether reload() should read anything (e.g. no session chosen yet: an empty list).
    [[nodiscard]] virtual bool ready() const { return true; }

    /// A property that selects the rows changed: reload, unless QML is still setting properties.
    void requery()
    {
        if (!m_deferred)
            reload();
    }

private:
    void loadPage(bool insideReset);

    bool m_deferred = false;
    int m_pageSize = 50;
    int m_offset = 0;
    bool m_more = false;
};

} // namespace lanxin
