"""The gentle notes walktimer shows after a walk that hurt: prompts, never medical advice."""

PAIN_NOTE = (
    "Stopped because of pain. Rest, and go gently next time: a shorter or slower walk. "
    "If the pain is sharp, spreads down a leg, or keeps coming back, talk to a doctor."
)
RISE_NOTE = (
    "Your back felt worse after this walk than before. Next time try a shorter or gentler "
    "walk; if it keeps happening, talk to a doctor or physiotherapist."
)
