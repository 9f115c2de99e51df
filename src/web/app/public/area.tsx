/** The public area's pages besides the start page (a chunk of its own, with the component library). */
import { AntdRoot } from '../shell/antd-root.tsx';
import { SignIn } from './sign-in.tsx';

export function PublicArea({ page }: { page: 'sign-in' }) {
  return <AntdRoot>{page === 'sign-in' && <SignIn />}</AntdRoot>;
}
