import { notFound } from "~/.server/errors";

export async function loader() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
