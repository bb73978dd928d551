#pragma once

// QML singletons whose instance main.cpp (or a test) makes: the class declares
//   LANXIN_SINGLETON(Class)
// in its body (after QML_SINGLETON), and QML's engine receives that instance through create().
#include <QJSEngine>
#include <QQmlEngine>

#define LANXIN_SINGLETON(Class)                                                                   \
public:                                                                                         \
    static void setInstance(Class *instance) { s_instance = instance; }                         \
    [[nodiscard]] static Class *instance() { return s_instance; }                               \
    static Class *create(QQmlEngine *, QJSEngine *)                                             \
    {                                                                                           \
        Q_ASSERT_X(s_instance, #Class, "made in main.cpp before the QML engine asks for it");   \
        QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);                     \
        return s_instance;                                                                      \
    }                                                                                           \
                                                                                                \
private:                                                                                        \
    static inline Class *s_instance = nullptr;
