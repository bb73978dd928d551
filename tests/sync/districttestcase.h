#pragma once

// The station side of the district tests (tst_district, tst_districtlimits): a test case that owns one
// district `m_d` and makes a station's requests to it, or to another district, with one
// QNetworkAccessManager: enrollment, push, pull.
#include "districtfixture.h"

#include <QDateTime>

#include <optional>

namespace lanxin::test {

inline const QString kA = QStringLiteral("FH-XW-012");
inline const QString kB = QStringLiteral("FH-GT-003");
inline const QStringList kGenerous{QStringLiteral("--device-rate"), QStringLiteral("100000"), QStringLiteral("--device-burst"),
                                   QStringLiteral("100000"), QStringLiteral("--address-rate"), QStringLiteral("100000"),
                                   QStringLiteral("--address-burst"), QStringLiteral("100000")};

inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

inline QString deviceId(int n)
{
    return testDeviceId(n, QLatin1String("testdevice"));
}

/// `station add` of station A with the least a station needs (name, town; no villages).
inline Admin addStationA(const District &d)
{
    return d.run({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), kA, QStringLiteral("--name"),
                  QStringLiteral("西坞"), QStringLiteral("--town"), QStringLiteral("西坞街道")});
}

/// `station add` of station B.
inline Admin addStationB(const District &d)
{
    return d.run({QStringLiteral("station"), QStringLiteral("add"), QStringLiteral("--code"), kB, QStringLiteral("--name"),
                  QStringLiteral("高塘妇女之家"), QStringLiteral("--town"), QStringLiteral("高塘街道")});
}

/// Base of a Qt Test class: its private slots are the tests.
class DistrictTestCase : public QObject
{
protected:
    District m_d;
    QNetworkAccessManager m_nam;
    int m_nextDevice = 1;

    Reply enroll(District &d, const QString &station, const QString &code, const QString &id)
    {
        protocol::EnrollRequest e{station, code, id, QStringLiteral("平板")};
        return http(m_nam, "POST", d.url(QStringLiteral("/api/v1/enroll")), e.toJson(), kJson);
    }

    EnrolledDevice enrolled(District &d, const QString &station)
    {
        return enrollDevice(d, m_nam, station, deviceId(m_nextDevice++));
    }

    Reply push(const EnrolledDevice &dev, const QByteArray &body, const Headers &extra = kJson, District *d = nullptr)
    {
        return http(m_nam, "POST", (d ? d : &m_d)->url(QStringLiteral("/api/v1/sync/push")), body, dev.auth() + extra);
    }

    protocol::PushResponse pushOk(const EnrolledDevice &dev, const QList<protocol::WireRecord> &records, District *d = nullptr)
    {
        const Reply r = push(dev, pushBody(records), kJson, d);
        if (r.status != 200)
            qWarning() << "push failed" << r.status << r.body.left(300);
        auto parsed = protocol::parsePushResponse(r.body);
        return parsed ? parsed.value() : protocol::PushResponse{};
    }

    Reply pull(const EnrolledDevice &dev, const QString &query, District *d = nullptr)
    {
        return http(m_nam, "GET", (d ? d : &m_d)->url(QStringLiteral("/api/v1/sync/pull?") + query), {}, dev.auth());
    }

    /// Pulls until has_more is false; every change in order.
    QList<protocol::WireRecord> pullAll(const EnrolledDevice &dev, bool includeOwn, int limit = 500, int *pages = nullptr,
                                        District *d = nullptr)
    {
        QList<protocol::WireRecord> all;
        protocol::PullQuery q;
        q.limit = limit;
        q.includeOwn = includeOwn;
        for (int page = 0; page < 1000; ++page) {
            const Reply r = pull(dev, q.toQueryString(), d);
            auto p = protocol::parsePullResponse(r.body);
            if (r.status != 200 || !p) {
                qWarning() << "pull failed" << r.status << r.body.left(200);
                break;
            }
            for (const protocol::DecodedRecord &c : p.value().changes)
                all << *c.record;
            q.cursor = p.value().cursor;
            if (pages)
                *pages = page + 1;
            if (!p.value().hasMore)
                break;
        }
        return all;
    }

    static std::optional<protocol::WireRecord> find(const QList<protocol::WireRecord> &records, const QString &id)
    {
        for (const protocol::WireRecord &r : records) {
            if (r.id == id)
                return r;
        }
        return std::nullopt;
    }

    Hlc stamp(const EnrolledDevice &dev, qint64 offsetMs = 0, quint16 counter = 0)
    {
        return Hlc{nowMs() + offsetMs, counter, dev.id};
    }
};

} // namespace lanxin::test
