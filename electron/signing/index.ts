// Digital signatures (issue 6): identities (PKCS#12 files, PKCS#11 tokens), signing (.xlsx package
// signatures, PAdES for .pdf, detached CMS .p7s for anything), verification and trusted roots.

export { describeCertificate, fingerprint, type CertificateInfo } from './certificate.js';
export type { Signer } from './signer.js';
export { loadPkcs12 } from './pkcs12.js';
export { installedModules, listTokenCertificates, listTokens, MODULE_CANDIDATES, openToken, type ModuleCandidate, type TokenCertificate, type TokenOptions, type TokenSlot } from './pkcs11.js';
export { checkDetached, signDetached, type CmsCheck, type DetachedOptions } from './cms.js';
export { signPdf, verifyPdf } from './pdf.js';
export { signOoxml, verifyOoxml } from './ooxml.js';
export { openIdentity, signBytes, signFile, type IdentitySpec, type SignFileOptions, type SignFileResult } from './sign.js';
export { verify, verifyContent, verifyDetachedFile, type VerifyOptions } from './verify.js';
export { checkChain, loadTrustedRoots, TrustStore, type ChainResult, type ChainStatus } from './trust.js';
export type { SignatureReport, VerifyResult } from './report.js';
