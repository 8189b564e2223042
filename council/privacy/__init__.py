"""Personal data: the privacy page, downloading one's data, erasing an account, retention."""
