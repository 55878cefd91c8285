export { cosine, features, fnv1a, hanShare, hashedVector, norm, similarity, words } from "./features.js";
