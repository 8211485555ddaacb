package main

// The container image is FROM scratch, without a CA bundle; these roots (Mozilla's, as Go
// ships them) let chatconform certify an https target there. They are used only where the
// system has no roots of its own.
import _ "golang.org/x/crypto/x509roots/fallback"
