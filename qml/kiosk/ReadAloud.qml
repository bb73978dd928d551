import QtQuick
import QtTextToSpeech

// Read-aloud of the kiosk's questions through Qt TextToSpeech. KioskHome loads this file with a
// Loader: where the QtTextToSpeech module, a speech engine or a Chinese voice is missing, it does
// not load or says it is not usable, and the kiosk simply shows no read-aloud buttons.
TextToSpeech {
    id: tts

    property bool hasChinese: false
    readonly property bool usable: hasChinese && state !== TextToSpeech.Error

    function speak(text) {
        if (!usable)
            return
        stop()
        say(text)
    }

    Component.onCompleted: {
        const chinese = availableLocales().filter(l => l.name.startsWith("zh"))
        hasChinese = chinese.length > 0
        if (hasChinese)
            locale = chinese[0]
        rate = -0.2
    }
}
